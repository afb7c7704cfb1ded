import { policyRouter } from '../../src/http/policy-routes.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type express from 'express';
import { buildOpenApiDocument, OPENAPI_PATH, openApiRouter } from '../../src/http/openapi.ts';
import { approvalsRouter } from '../../src/http/approvals-routes.ts';
import { auditRouter } from '../../src/http/audit-routes.ts';
import { eventStream } from '../../src/http/events-routes.ts';
import { ORIGINAL_EXAMPLE } from '../support/approvals.ts';
import { RecordingExecutor } from '../support/executor-double.ts';
import { startCoreKubegate, type TestKubegate } from '../support/kubegate.ts';

// ajv and ajv-formats are CommonJS; resolving ajv from beside ajv-formats keeps plugin and validator one instance.
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
type Ajv = { addSchema(schema: object): Ajv; compile(schema: object): Validate };
const requireBesideFormats = createRequire(import.meta.resolve('ajv-formats'));
const Ajv2020 = requireBesideFormats('ajv/dist/2020.js').default as new (options: object) => Ajv;
const addFormats = requireBesideFormats('ajv-formats').default as (ajv: Ajv) => Ajv;

const DOC_ID = 'https://kubegate.invalid/openapi.json';
const COMPONENT = '#/components/schemas/';
const doc: any = buildOpenApiDocument();
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
// The components become one schema's $defs, and every `#/components/schemas/X` ref points at DOC_ID#/$defs/X.
ajv.addSchema({ $id: DOC_ID, $defs: withDocRefs(doc.components.schemas) });

function schemaAt(path: string, method: string, status: number, type: string): Validate {
  const operation = doc.paths[path]?.[method];
  assert.ok(operation, `${method.toUpperCase()} ${path} is not documented`);
  const response = operation.responses[String(status)];
  assert.ok(response, `${method.toUpperCase()} ${path} does not document status ${status}`);
  const content = response.content?.[type];
  assert.ok(content, `${method.toUpperCase()} ${path} ${status} does not document ${type}`);
  return ajv.compile(withDocRefs(content.schema));
}

/** A schema lifted out of the document, its component refs pointed at the compiled components. */
function withDocRefs(value: any): any {
  if (Array.isArray(value)) return value.map(withDocRefs);
  if (typeof value !== 'object' || value === null) return value;
  const relocate = (ref: string): string => {
    assert.ok(ref.startsWith(COMPONENT), `unexpected $ref ${ref}`);
    return `${DOC_ID}#/$defs/${ref.slice(COMPONENT.length)}`;
  };
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? relocate(v) : withDocRefs(v),
    ]),
  );
}

/** Fails unless the document declares this status and media type for the route and the body matches its schema. */
function assertDocumented(
  method: string,
  path: string,
  res: { status: number; type: string; json: unknown },
): void {
  const validate = schemaAt(path, method.toLowerCase(), res.status, res.type);
  assert.ok(
    validate(res.json),
    `${method} ${path} ${res.status} does not match the document: ${JSON.stringify(validate.errors)}\n${JSON.stringify(res.json)}`,
  );
}

const ROUTES = [
  ['post', '/api/approvals'],
  ['post', '/api/mcp/propose'],
  ['get', '/api/approvals/pending'],
  ['get', '/api/approvals'],
  ['get', '/api/approvals/{id}'],
  ['post', '/api/approvals/{id}/approve'],
  ['post', '/api/approvals/{id}/reject'],
  ['post', '/api/approvals/{id}/cancel'],
  ['get', '/api/audit'],
  ['get', '/api/events'],
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/metrics'],
  ['get', OPENAPI_PATH],
] as const;

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 and documents every route', () => {
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    for (const [method, path] of ROUTES) assert.ok(doc.paths[path]?.[method]?.responses, `${method} ${path}`);
    assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer');
    for (const open of ['/healthz', '/readyz', '/metrics', OPENAPI_PATH])
      assert.deepEqual(doc.paths[open].get.security, [], open);
  });

  test('documents exactly the routes the routers define', async () => {
    const kg = await startCoreKubegate();
    try {
      const routed = [
        ...routesOf(approvalsRouter({ service: kg.service }), '/api'),
        ...routesOf(policyRouter({ service: kg.service }), '/api'),
        ...routesOf(auditRouter({ service: kg.service }), '/api'),
        ...routesOf(eventStream({ service: kg.service }).router, '/api'),
        ...routesOf(openApiRouter(), ''),
      ];
      const documented = Object.entries(doc.paths)
        .flatMap(([path, ops]: [string, any]) => Object.keys(ops).map((m) => `${m} ${path}`))
        .filter((r) => r.includes(' /api/'));
      assert.deepEqual(routed.sort(), documented.sort());
    } finally {
      await kg.close();
    }
  });

  test('every $ref resolves and no embedded schema keeps $schema', () => {
    const refs: string[] = [];
    (function walk(value: any): void {
      if (typeof value !== 'object' || value === null) return;
      assert.equal('$schema' in value, false);
      if (typeof value.$ref === 'string') refs.push(value.$ref);
      for (const v of Object.values(value)) walk(v);
    })(doc);
    assert.ok(refs.length > 10);
    for (const ref of refs) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((node: any, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
      assert.ok(target, `${ref} does not resolve`);
    }
  });

  test('every declared body schema compiles, and request schemas agree with the parsers', () => {
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        for (const [status, response] of Object.entries<any>(op.responses)) {
          for (const type of Object.keys(response.content ?? {}))
            schemaAt(path, method, Number(status), type);
        }
      }
    }
    const request = (name: string): Validate => ajv.compile({ $ref: `${DOC_ID}#/$defs/${name}` });
    assert.equal(request('ProposalInput')(ORIGINAL_EXAMPLE), true);
    assert.equal(request('ProposalInput')({ action: 'x' }), false);
    assert.equal(
      request('ProposalInput')({ ...ORIGINAL_EXAMPLE, metadata: { extra: { nested: [1, 'a', null] } } }),
      true,
    );
    assert.equal(request('RejectBody')({}), false);
    assert.equal(request('ApproveBody')({}), true);
    assert.equal(request('CancelBody')({ reason: 'fixed', extra: 1 }), false);
  });
});

describe('live responses match the document', () => {
  let kg: TestKubegate;
  const executor = new RecordingExecutor();
  const propose = (pod: string, extra: object = {}) =>
    kg.call('POST', '/api/approvals', {
      ...ORIGINAL_EXAMPLE,
      commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: `kubectl delete pod ${pod} -n production` }],
      ...extra,
    });

  before(async () => {
    kg = await startCoreKubegate({}, { executor });
  });
  after(async () => {
    await kg.close();
  });

  test('proposals, lists and one approval', async () => {
    const created = await propose('p1', { idempotency_key: 'k-1' });
    assert.equal(created.status, 201);
    assertDocumented('POST', '/api/approvals', created);
    const approval = schemaAt('/api/approvals', 'post', 201, 'application/json');
    assert.equal(
      approval({ ...created.json, state: 'bogus' }),
      false,
      'a body that strays from the document fails',
    );
    assert.equal(approval({ ...created.json, surprise: 1 }), false, 'an undocumented field fails');
    const repeated = await propose('p1', { idempotency_key: 'k-1' });
    assert.equal(repeated.status, 200);
    assertDocumented('POST', '/api/approvals', repeated);
    const legacy = await kg.call('POST', '/api/mcp/propose', {
      ...ORIGINAL_EXAMPLE,
      commands: [{ ...ORIGINAL_EXAMPLE.commands[0], command: 'kubectl delete pod p2 -n production' }],
    });
    assert.equal(legacy.status, 201);
    assertDocumented('POST', '/api/mcp/propose', legacy);

    assertDocumented('GET', '/api/approvals/pending', await kg.call('GET', '/api/approvals/pending'));
    const page = await kg.call('GET', '/api/approvals?limit=1');
    assert.equal(typeof page.json.next_cursor, 'string');
    assertDocumented('GET', '/api/approvals', page);
    const last = await kg.call('GET', `/api/approvals?limit=200&cursor=${page.json.next_cursor}`);
    assert.equal(last.json.next_cursor, null);
    assertDocumented('GET', '/api/approvals', last);
    assertDocumented('GET', '/api/approvals/{id}', await kg.call('GET', `/api/approvals/${created.json.id}`));
  });

  test('approve, reject and cancel, then the results', async () => {
    const [a, r, c] = [await propose('p3'), await propose('p4'), await propose('p5')];
    const approved = await kg.call('POST', `/api/approvals/${a.json.id}/approve`, { comment: 'go' });
    assert.equal(approved.status, 200);
    assertDocumented('POST', '/api/approvals/{id}/approve', approved);
    await kg.until(a.json.id, 'succeeded');
    const done = await kg.call('GET', `/api/approvals/${a.json.id}`);
    assert.equal(done.json.results.length, 1);
    assertDocumented('GET', '/api/approvals/{id}', done);
    assertDocumented(
      'POST',
      '/api/approvals/{id}/reject',
      await kg.call('POST', `/api/approvals/${r.json.id}/reject`, { reason: 'no' }),
    );
    assertDocumented(
      'POST',
      '/api/approvals/{id}/cancel',
      await kg.call('POST', `/api/approvals/${c.json.id}/cancel`),
    );
    assertDocumented('GET', '/api/approvals', await kg.call('GET', '/api/approvals?state=succeeded'));
  });

  test('problems: 400, 404, 409, 413, 415', async () => {
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/approvals', { action: '' }, 400],
      ['POST', '/api/approvals', '{"action": ', 400],
      ['GET', '/api/approvals?limit=0', undefined, 400],
      ['GET', '/api/approvals/{id}', undefined, 404],
      ['POST', '/api/approvals/{id}/approve', {}, 404],
      ['POST', '/api/approvals', { ...ORIGINAL_EXAMPLE, action: 'x'.repeat(300 * 1024) }, 413],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await kg.call(method, path.replace('{id}', 'apr_00000000000000000000'), body);
      assert.equal(res.status, status, `${method} ${path}`);
      assert.equal(res.type, 'application/problem+json');
      assertDocumented(method, path.replace(/\?.*/, ''), res);
    }
    const { json } = await propose('p6');
    await kg.call('POST', `/api/approvals/${json.id}/reject`, { reason: 'no' });
    const again = await kg.call('POST', `/api/approvals/${json.id}/approve`);
    assert.equal(again.status, 409);
    assert.equal(again.json.state, 'rejected');
    assertDocumented('POST', '/api/approvals/{id}/approve', again);
    const rejectWithoutReason = await kg.call('POST', `/api/approvals/${json.id}/reject`, {});
    assert.equal(rejectWithoutReason.status, 400);
    assertDocumented('POST', '/api/approvals/{id}/reject', rejectWithoutReason);
    const form = await kg.call('POST', '/api/approvals', 'action=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(form.status, 415);
    assertDocumented('POST', '/api/approvals', form);
  });

  test('the audit trail and its refusals', async () => {
    const trail = await kg.call('GET', '/api/audit?limit=500');
    assert.equal(trail.status, 200);
    assert.ok(trail.json.records.length > 5);
    assertDocumented('GET', '/api/audit', trail);
    const bad = await kg.call('GET', '/api/audit?since=yesterday');
    assert.equal(bad.status, 400);
    assertDocumented('GET', '/api/audit', bad);
  });

  test('probes and metrics', async () => {
    assertDocumented('GET', '/healthz', await kg.call('GET', '/healthz'));
    assertDocumented('GET', '/readyz', await kg.call('GET', '/readyz'));
    const metrics = await kg.call('GET', '/metrics');
    assert.equal(metrics.type, 'text/plain');
    schemaAt('/metrics', 'get', 200, 'text/plain');
  });

  test('the router serves the document without authentication', async () => {
    const served = await kg.call('GET', OPENAPI_PATH);
    assert.equal(served.status, 200);
    assert.deepEqual(served.json, doc);
  });

  test('kubegate serves the document at /api/openapi.json', async () => {
    const served = await kg.call('GET', OPENAPI_PATH);
    assert.equal(served.status, 200);
    assert.deepEqual(served.json, doc);
  });
});

/** The paths an express router defines, as `method /openapi/{path}`. */
function routesOf(router: express.Router, prefix: string): string[] {
  return router.stack.flatMap((layer) => {
    const route: any = layer.route;
    if (!route) return [];
    const path = `${prefix}${String(route.path)}`.replace(/:(\w+)/g, '{$1}');
    return Object.keys(route.methods).map((m) => `${m} ${path}`);
  });
}
