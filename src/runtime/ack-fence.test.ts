import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AckFence } from './ack-fence.js';

describe('acknowledgement fence', () => {
  it('ends a write once every process acknowledged it', async () => {
    const fence = new AckFence(60_000);
    fence.arm('t1', [10, 11]);
    const done = fence.done('t1');
    assert.ok(done);
    fence.ack('t1', 10);
    assert.ok(fence.done('t1'), 'still waiting for 11');
    fence.ack('t1', 11);
    await done;
    assert.equal(fence.done('t1'), undefined);
  });

  it('leaves out a process that missed an acknowledgement until it answers again', async () => {
    const told: [number, boolean][] = [];
    const fence = new AckFence(5, (pid, silent) => told.push([pid, silent]));
    fence.arm('slow', [10, 11]);
    // Armed while the first wait runs: stops waiting for 11 when the first one gives up on it.
    fence.arm('meanwhile', [11]);
    fence.ack('slow', 10);
    await fence.done('slow');
    assert.equal(fence.done('meanwhile'), undefined, 'the other write stopped waiting at the same moment');
    assert.deepEqual([...fence.silent], [11]);
    assert.deepEqual(told, [[11, true]]);

    // Later writes do not wait for it at all; the others still count.
    fence.arm('later', [11]);
    assert.equal(fence.done('later'), undefined);
    fence.arm('with-10', [10, 11]);
    assert.ok(fence.done('with-10'));
    fence.ack('with-10', 10);
    assert.equal(fence.done('with-10'), undefined);

    // An acknowledgement of anything, however late, brings it back.
    fence.ack('slow', 11);
    assert.deepEqual([...fence.silent], []);
    assert.deepEqual(told.at(-1), [11, false]);
    fence.arm('back', [11]);
    assert.ok(fence.done('back'));
    fence.end('back');
  });
});
