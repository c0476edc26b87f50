import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solveChallenge } from 'altcha-lib/v1';
import { createPow } from './pow.ts';

const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64');

test('a solved challenge is accepted once; a replay, a forgery and garbage are not', async () => {
  const pow = createPow({ secret: 'x'.repeat(40), maxNumber: 2000 });
  const ch = await pow.challenge();
  const solution = await solveChallenge(ch.challenge, ch.salt, ch.algorithm, ch.maxnumber).promise;
  assert.ok(solution);
  const payload = encode({
    algorithm: ch.algorithm,
    challenge: ch.challenge,
    number: solution.number,
    salt: ch.salt,
    signature: ch.signature,
  });
  assert.equal(await pow.verify(payload), true);
  assert.equal(await pow.verify(payload), false, 'replay');
  const other = await pow.challenge();
  assert.equal(
    await pow.verify(
      encode({
        algorithm: other.algorithm,
        challenge: other.challenge,
        number: 1,
        salt: other.salt,
        signature: other.signature,
      }),
    ),
    false,
    'wrong number',
  );
  assert.equal(await pow.verify('not base64 json'), false);
  assert.equal(await pow.verify(undefined), false);
});

test('a challenge signed with another secret is refused', async () => {
  const mine = createPow({ secret: 'x'.repeat(40), maxNumber: 500 });
  const theirs = createPow({ secret: 'y'.repeat(40), maxNumber: 500 });
  const ch = await theirs.challenge();
  const solution = await solveChallenge(ch.challenge, ch.salt, ch.algorithm, ch.maxnumber).promise;
  assert.equal(await mine.verify(encode({ ...ch, number: solution!.number })), false);
});
