import { IConstruct } from "constructs";
import { Aspects, IAspect, TerraformResource } from "cdktf";

/** A provider resource class with a tags argument (every AWS resource that AWS can tag). */
interface Taggable {
  tags: Record<string, string> | undefined;
  readonly tagsInput: Record<string, string> | undefined;
}

const isTaggable = (node: IConstruct): node is TerraformResource & Taggable => node instanceof TerraformResource && "tagsInput" in node;

/**
 * Gives every taggable resource of a scope the configuration's extraTags, under the tags the resource sets
 * itself (its own Name, Environment and Terraform win). An aspect rather than a tags prop per construct, so a
 * resource added later cannot be missed. With no extraTags nothing changes: the document's security group stays
 * untagged, as the document writes it.
 */
export function applyExtraTags(scope: IConstruct, extraTags: Readonly<Record<string, string>>): void {
  if (Object.keys(extraTags).length === 0) return;
  const aspect: IAspect = {
    visit(node) {
      if (isTaggable(node)) node.tags = { ...extraTags, ...(node.tagsInput ?? {}) };
    },
  };
  Aspects.of(scope).add(aspect);
}
