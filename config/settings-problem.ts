/** One invalid setting, as the configuration error lists it. */
export interface SettingsProblem {
  /** The settings field, as named in cdktf.json. */
  readonly field: string;
  /** Where the bad value came from, so the user knows what to edit. */
  readonly source: string;
  /** The value as found, rendered for a message; omitted where it might be a secret. */
  readonly found?: string;
  /** What would have been accepted. */
  readonly accepted: string;
}
