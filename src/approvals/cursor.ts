/** History cursors are opaque to callers: a position in the newest-first history, base64url-encoded. */
export const encodeHistoryCursor = (position: number): string =>
  Buffer.from(`h:${position}`).toString('base64url');

export function decodeHistoryCursor(cursor: string): number | undefined {
  const match = /^h:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : undefined;
}
