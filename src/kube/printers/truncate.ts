import { Buffer } from 'node:buffer';

/**
 * Caps output at `maxBytes` of UTF-8 (marker included), cutting after a whole line and saying how much was
 * left out, so a reader never mistakes a clipped listing for the whole cluster. A single line longer than the
 * budget is cut inside, at a character boundary, rather than dropping everything.
 */
export function boundOutput(text: string, maxBytes = 64 * 1024): string {
  const total = Buffer.byteLength(text);
  if (total <= maxBytes) return text;
  // The marker's numbers can only shrink from these (a size under 1 KB prints as up to `1023 B`),
  // so this reserve always fits the real marker.
  const lines = countLines(text);
  const reserve =
    1 + Math.max(Buffer.byteLength(marker(lines, total)), Buffer.byteLength(marker(lines, 1023)));
  const budget = Math.max(0, maxBytes - reserve);
  const kept = keepLines(text, budget) ?? keepChars(text, budget);
  const rest = text.slice(kept.length).replace(/^\n/, '');
  const notice = marker(countLines(rest), Buffer.byteLength(rest));
  return kept === '' ? notice : `${kept}\n${notice}`;
}

/** The longest run of whole lines within `budget` bytes, or undefined when not even the first line fits. */
function keepLines(text: string, budget: number): string | undefined {
  let end = -1;
  let bytes = 0;
  for (let next = text.indexOf('\n'); next !== -1; next = text.indexOf('\n', next + 1)) {
    bytes += Buffer.byteLength(text.slice(end + 1, next)) + (end === -1 ? 0 : 1);
    if (bytes > budget) break;
    end = next;
  }
  return end === -1 ? undefined : text.slice(0, end);
}

function keepChars(text: string, budget: number): string {
  let bytes = 0;
  let kept = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > budget) break;
    kept += char;
  }
  return kept;
}

function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

function marker(lines: number, bytes: number): string {
  const size = bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
  return `… [output truncated: ${lines} more ${lines === 1 ? 'line' : 'lines'}, ${size}]`;
}
