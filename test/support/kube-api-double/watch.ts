/** Streaming watch (`?watch=true`): newline-delimited WatchEvents, as client-go's decoder expects. */
import type { ServerResponse } from 'node:http';
import type { ApiRequest } from './operations.ts';
import { parseFieldSelector, parseLabelSelector } from './selectors.ts';
import type { Store } from './store.ts';

/**
 * Only changes after the watch opens are sent; the double keeps no event history, so a watch from an old
 * resourceVersion does not replay (kubectl lists first, which is all `rollout status` and `delete --wait` need).
 * An object that stops matching the selectors is reported DELETED, as the watch cache does.
 */
export function serveWatch(
  store: Store,
  req: ApiRequest,
  res: ServerResponse,
  open: Set<ServerResponse>,
): void {
  const { r, namespace } = req.route;
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'), r);
  const visible = new Set(
    store
      .list(r, namespace)
      .filter((o) => labels(o) && fields(o))
      .map((o) => o.metadata.uid),
  );
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const stop = store.onChange((type, changed, obj) => {
    if (changed !== r || (namespace !== undefined && obj.metadata.namespace !== namespace)) return;
    const matches = type !== 'DELETED' && labels(obj) && fields(obj);
    const wasVisible = visible.has(obj.metadata.uid);
    let event: string | undefined;
    if (matches) event = wasVisible ? 'MODIFIED' : 'ADDED';
    else if (wasVisible) event = 'DELETED';
    if (event === undefined) return;
    if (matches) visible.add(obj.metadata.uid);
    else visible.delete(obj.metadata.uid);
    res.write(`${JSON.stringify({ type: event, object: obj })}\n`);
  });
  const timeout = Number(req.query.get('timeoutSeconds') ?? 1800);
  const timer = setTimeout(() => res.end(), timeout * 1000);
  open.add(res);
  res.on('close', () => {
    stop();
    clearTimeout(timer);
    open.delete(res);
  });
}
