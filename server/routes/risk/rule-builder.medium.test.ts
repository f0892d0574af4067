/** The profile editor's form builder over the API: fields, form → text, text → form (or null). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../db/client.ts';
import { testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const post = async (url: string, payload: unknown) => app.inject({ method: 'POST', url: `/api/v1/risk${url}`, headers: bearer(await tokenFor(store, 'ge.officer')), payload: payload as object });

describe('rule form builder', () => {
  it('lists the rule fields with their types, the goods-history ones included', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/risk/rule-fields', headers: bearer(await tokenFor(store, 'ge.officer')) });
    expect(res.statusCode).toBe(200);
    const fields = res.json().data as { name: string; type: string; array: boolean }[];
    expect(fields).toContainEqual(expect.objectContaining({ name: 'goods.valuePerKgRatio', type: 'number', array: true }));
    expect(fields).toContainEqual(expect.objectContaining({ name: 'route.transshipment', type: 'string', array: true }));
    expect((await app.inject({ method: 'GET', url: '/api/v1/risk/rule-fields' })).statusCode).toBe(401);
  });

  it('writes the text of a form and reads a simple rule back into the same form', async () => {
    const spec = {
      join: 'and',
      conditions: [
        { field: 'goods.hs', operator: 'startsWith', value: ['0901', '0902'] },
        { field: 'route.transshipment', operator: 'in', value: { list: 'high-risk-ports' } },
        { field: 'consignee.firstSeenDays', operator: '<', value: 90 },
        { field: 'goods.valuePerKgRatio', operator: 'between', value: { from: 0, to: 0.2 } },
      ],
    };
    const text = await post('/rule-builder/text', spec);
    expect(text.statusCode, text.body).toBe(200);
    const rule = text.json().data.rule as string;
    // Longer than a line: one condition per line.
    expect(rule).toBe('goods.hs startsWith ["0901", "0902"]\nand route.transshipment in list("high-risk-ports")\nand consignee.firstSeenDays < 90\nand goods.valuePerKgRatio between 0 and 0.2');
    const back = await post('/rule-builder/form', { rule });
    expect(back.json().data.spec).toEqual(spec);
  });

  it('says null for text the form cannot show, and names the field of a bad condition', async () => {
    for (const rule of ['a.b = 1 and (c = 2 or d = 3)', 'goods.hs startsWith "0901" and (mode = "sea" or mode = "air")', 'count(goods.hs startsWith "2402") >= 2', 'not (mode = "air")']) {
      const res = await post('/rule-builder/form', { rule });
      expect(res.json().data.spec, rule).toBeNull();
    }
    const unknown = await post('/rule-builder/text', { join: 'or', conditions: [{ field: 'goods.hs', operator: '=', value: '0901' }, { field: 'goods.colour', operator: '=', value: 'red' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'conditions[1].field' } });
    const noValue = await post('/rule-builder/text', { join: 'and', conditions: [{ field: 'mode', operator: '=' }] });
    expect(noValue.json().error.details.field).toBe('conditions[0].value');
    const badOp = await post('/rule-builder/text', { join: 'and', conditions: [{ field: 'mode', operator: 'like', value: 'x' }] });
    expect(badOp.statusCode).toBe(400);
  });
});
