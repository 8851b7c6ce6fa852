/** Bad input to `review:change` (exit 2): the message names the path or flag and the fix, never file content. */
export class ChangeReviewInputError extends Error {
  readonly code = "CHANGE_REVIEW_INPUT";
  constructor(message: string) {
    super(message);
    this.name = "ChangeReviewInputError";
  }
}
