/** The element matching `selector` under `root`, checked to be of the expected kind. */
export function find<T extends Element>(root: ParentNode, selector: string, kind: new () => T): T {
  const found = root.querySelector(selector);
  if (!(found instanceof kind)) throw new Error(`the page has no ${kind.name} at ${selector}`);
  return found;
}

/** A deep copy of a <template>'s first element, ready to fill in. */
export function fromTemplate<T extends Element>(id: string, kind: new () => T): T {
  const template = find(document, `#${id}`, HTMLTemplateElement);
  const copy = template.content.firstElementChild?.cloneNode(true);
  if (!(copy instanceof kind)) throw new Error(`template #${id} does not hold a ${kind.name}`);
  return copy;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
