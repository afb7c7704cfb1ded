import { stringify } from 'yaml';
import type { ApiObject } from '../api/list-objects.ts';
import { qualifiedName } from '../command/kinds.ts';
import type { Kind } from '../command/model.ts';

/** The structured outputs of `kubectl get`; tables come from the server (table.ts). */
export type ObjectOutput = 'json' | 'yaml' | 'name';

/**
 * `kubectl get -o json|yaml|name` for objects as the API server sent them, without a trailing newline. A named get
 * (`single`) prints the object itself; otherwise json and yaml print a `v1 List` as kubectl does.
 */
export function renderObjects(
  kind: Kind,
  output: ObjectOutput,
  items: readonly ApiObject[],
  single: boolean,
): string {
  switch (output) {
    case 'json':
      return JSON.stringify(toDocument(items, single), null, 2);
    case 'yaml':
      // YAML 1.1 quotes what a 1.1 reader would retype (timestamps, yes/no/on/off), as kubectl's go-yaml does;
      // kubectl also leaves sequences unindented under their key.
      return stringify(toDocument(items, single), {
        version: '1.1',
        indentSeq: false,
        lineWidth: 0,
      }).trimEnd();
    case 'name':
      return items.map((item) => `${qualifiedName(kind)}/${item.metadata?.name ?? ''}`).join('\n');
  }
}

/** The JSON value `-o json` and `-o yaml` print: one object, or a List of them. */
function toDocument(items: readonly ApiObject[], single: boolean): unknown {
  const [first] = items;
  if (single && first !== undefined && items.length === 1) return first;
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
