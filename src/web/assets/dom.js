// DOM building and formatting for kubegate's page. el() is the only way text reaches the page: strings become text
// nodes, never markup, because everything an agent wrote is hostile.

const RISK_ORDER = ['read', 'change', 'dangerous'];

export const $ = (id) => document.getElementById(id);

/** Builds an element; strings and numbers become text nodes, never markup. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
export const maxRisk = (a) =>
  a.commands.map((c) => c.risk).sort((x, y) => RISK_ORDER.indexOf(y) - RISK_ORDER.indexOf(x))[0] ?? 'read';
export const badge = (kind, value) => el('span', { class: `${kind} ${kind}-${value}` }, value);
export const approvers = (a) => [
  ...new Set(a.decisions.filter((d) => d.decision === 'approve').map((d) => d.person)),
];
export const deciders = (a) => [...new Set(a.decisions.map((d) => d.person))].join(', ') || '—';

export function countdown(iso) {
  const ms = Date.parse(iso) - Date.now();
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = h > 0 ? [`${h}h`, `${m}m`] : m > 0 ? [`${m}m`, `${s % 60}s`] : [`${s}s`];
  return `in ${parts.join(' ')}`;
}

export function tickCountdowns() {
  for (const node of document.querySelectorAll('[data-expires]')) {
    node.textContent = countdown(node.dataset.expires);
    if (Date.parse(node.dataset.expires) - Date.now() < 5 * 60_000) node.dataset.soon = '';
  }
}

export function facts(pairs) {
  return el(
    'dl',
    { class: 'facts' },
    pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
  );
}

export function commandList(a, withResults = false) {
  return el(
    'ol',
    { class: 'commands' },
    a.commands.map((c, i) => {
      const result = withResults ? a.results[i] : undefined;
      return el(
        'li',
        {},
        el('p', {}, el('code', {}, c.canonical), ' ', badge('risk', c.risk), c.read_only ? ' read-only' : ''),
        c.explanation ? el('p', {}, c.explanation) : null,
        c.preview ? el('p', { class: 'preview' }, 'Preview: ', c.preview) : null,
        c.risk_reasons.length > 0
          ? el('p', { class: 'preview' }, 'Why this risk: ', c.risk_reasons.join('; '))
          : null,
        result ? el('p', {}, 'Result: ', badge('state', result.status)) : null,
        result?.output ? el('pre', {}, result.output) : null,
        result?.error ? el('pre', { class: 'warning' }, result.error) : null,
      );
    }),
  );
}

export function quorumText(a) {
  const who = approvers(a);
  return `${a.quorum.approvals} of ${a.quorum.required} approval${a.quorum.required === 1 ? '' : 's'}${who.length > 0 ? ` — approved by ${who.join(', ')}` : ''}`;
}
