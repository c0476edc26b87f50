import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebKit } from '../../http/web.ts';
import { assemble } from './assemble.ts';
import { defineModule, type Wiring } from './module.ts';

const clock = defineModule({
  name: 'clock',
  needs: { zone: true },
  create: ({ zone }: { zone: string }) => ({ clock: { now: () => `12:00 ${zone}` } }),
});
const greeter = defineModule({
  name: 'greeter',
  needs: { clock: true },
  create: ({ clock }: { clock: { now(): string } }) => ({ greet: () => `hello at ${clock.now()}` }),
  contributes: ({ greet }) => ({ mapLayers: [{ name: 'greetings', labelKey: greet(), counts: async () => ({}) }] }),
});
const collector = (into: string[]) =>
  defineModule({
    name: 'collector',
    needs: {},
    create: (_: object) => ({}),
    collects: { mapLayers: (_, layers) => into.push(...layers.map((l) => `${l.name}: ${l.labelKey}`)) },
  });
const web = {} as WebKit;

test('modules get exactly what they name, from the platform or the modules before them', async () => {
  const seen: string[] = [];
  const a = await assemble({ zone: 'UTC+5', secret: 'not for you' }, [clock, greeter, collector(seen)]);
  assert.equal((a.services.greet as () => string)(), 'hello at 12:00 UTC+5');
  a.contribute(web);
  assert.deepEqual(seen, ['greetings: hello at 12:00 UTC+5'], 'contributions reach the module that collects them');
  const given: object[] = [];
  await assemble({ zone: 'x', secret: 's' }, [
    defineModule({ name: 'spy', needs: { zone: true }, create: (d: { zone: string }) => (given.push(d), {}) }),
  ]);
  assert.deepEqual(given, [{ zone: 'x' }], 'nothing it did not name');
});

test('a wrong order, a name provided twice or a module listed twice stops the start with a sentence', async () => {
  await assert.rejects(
    assemble({ zone: 'UTC' }, [greeter, clock]),
    /Module "greeter" needs "clock", which neither the platform nor a module listed before it in boot\.ts provides/,
  );
  await assert.rejects(assemble({ zone: 'UTC', clock: {} }, [clock]), /"clock", which the platform already provides/);
  await assert.rejects(assemble({ zone: 'UTC' }, [clock, clock]), /listed twice/);
});

test('contributions of a kind no module collects are refused', async () => {
  const a = await assemble({ zone: 'UTC' }, [clock, greeter]);
  assert.throws(() => a.contribute(web), /contribute mapLayers, but no module listed in boot\.ts collects them/);
});

test('the wiring is checked at compile time', () => {
  const right: Wiring<[typeof clock, typeof greeter], { zone: string }> = true;
  // @ts-expect-error greeter is listed before the clock it needs
  const wrongOrder: Wiring<[typeof greeter, typeof clock], { zone: string }> = true;
  // @ts-expect-error the platform gives the zone as a number, the clock needs a string
  const wrongType: Wiring<[typeof clock], { zone: number }> = true;
  assert.ok(right && wrongOrder && wrongType);
});
