import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
import { LedgerFormatError } from './errors.ts';

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LedgerFormatError, String(e));
    return e.reason;
  }
  assert.fail('expected a LedgerFormatError');
};

test('RFC 8785 §3.2.2: the main example canonicalises byte for byte', () => {
  // The RFC's input, parsed as its text says: numbers, escapes and literals, keys out of order.
  const input = JSON.parse(
    '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
      ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
  );
  assert.equal(
    canonicalJson(input),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  );
});

test('RFC 8785 §3.2.3: properties sort by UTF-16 code units, not code points or locale', () => {
  const input = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    '1': 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  // Read the order from the text: JSON.parse would move the integer-like key "1" first.
  const keys = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`));
  // The emoji (surrogates D83D…) sorts before U+FB33 though its code point is larger.
  assert.deepEqual(keys, ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
});

test('RFC 8785 Appendix B: IEEE 754 numbers serialise as ECMAScript does', () => {
  const cases: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  for (const [hex, want] of cases) {
    const n = Buffer.from(hex, 'hex').readDoubleBE(0);
    assert.equal(canonicalJson(n), want, hex);
  }
  for (const hex of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000']) {
    const n = Buffer.from(hex, 'hex').readDoubleBE(0);
    assert.equal(
      reason(() => canonicalJson(n)),
      'jcs.non_finite',
      hex,
    );
  }
});

test('strings: short escapes, lowercase \\u for other controls, everything else literal', () => {
  assert.equal(
    canonicalJson('\b\t\n\f\r\u0000\u001f"\\/\u007f\u2028é'),
    '"\\b\\t\\n\\f\\r\\u0000\\u001f\\"\\\\/\u007f\u2028é"',
  );
  assert.deepEqual(canonicalJsonBytes({ a: 'қ' }), new Uint8Array(Buffer.from('{"a":"қ"}', 'utf8')));
});

test('nesting: arrays keep order, nested objects sort, no whitespace', () => {
  assert.equal(canonicalJson({ b: [3, { z: 1, a: [] }], a: {} }), '{"a":{},"b":[3,{"a":[],"z":1}]}');
  assert.equal(canonicalJson(Object.assign(Object.create(null), { y: 1, x: 2 })), '{"x":2,"y":1}');
});

test('what JSON cannot hold is refused with a reason, never silently dropped', () => {
  assert.equal(
    reason(() => canonicalJson({ a: undefined })),
    'jcs.unsupported',
  );
  assert.equal(
    reason(() => canonicalJson([1, undefined])),
    'jcs.unsupported',
  );
  // eslint-disable-next-line no-sparse-arrays
  assert.equal(
    reason(() => canonicalJson([1, , 2])),
    'jcs.unsupported',
  );
  assert.equal(
    reason(() => canonicalJson(undefined)),
    'jcs.unsupported',
  );
  assert.equal(
    reason(() => canonicalJson(10n)),
    'jcs.unsupported',
  );
  assert.equal(
    reason(() => canonicalJson(() => 1)),
    'jcs.unsupported',
  );
  assert.equal(
    reason(() => canonicalJson(new Date(0))),
    'jcs.unsupported',
  );
  assert.equal(
    reason(() => canonicalJson({ n: NaN })),
    'jcs.non_finite',
  );
  assert.equal(
    reason(() => canonicalJson({ n: -Infinity })),
    'jcs.non_finite',
  );
  assert.equal(
    reason(() => canonicalJson('a\ud800b')),
    'jcs.lone_surrogate',
  );
  assert.equal(
    reason(() => canonicalJson('\udc00')),
    'jcs.lone_surrogate',
  );
  assert.equal(
    reason(() => canonicalJson({ ['k\ud83d']: 1 })),
    'jcs.lone_surrogate',
  );
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(
    reason(() => canonicalJson(cyclic)),
    'jcs.cycle',
  );
  // A shared (not cyclic) sub-object is fine.
  const shared = { v: 1 };
  assert.equal(canonicalJson([shared, shared]), '[{"v":1},{"v":1}]');
});
