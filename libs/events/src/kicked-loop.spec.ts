import { KickedLoop } from './kicked-loop';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KickedLoop', () => {
  it('runs at start, then after the delay its owner picks, told whether a kick came during the round', async () => {
    const kickedFlags: boolean[] = [];
    let rounds = 0;
    const loop: KickedLoop = new KickedLoop(
      async () => {
        rounds += 1;
        if (rounds === 1) loop.kick(); // new work arrives during the first round
      },
      (kicked) => {
        kickedFlags.push(kicked);
        return kicked ? 0 : 60_000;
      },
    );
    loop.start();
    await pause(50);
    await loop.stop();
    expect(rounds).toBe(2);
    expect(kickedFlags).toEqual([true, false]);
  });

  it('runs a round at once when kicked while idle, and no more after stop', async () => {
    let rounds = 0;
    const loop = new KickedLoop(
      async () => {
        rounds += 1;
      },
      () => 60_000,
    );
    loop.start();
    await pause(20);
    loop.kick();
    await pause(20);
    expect(rounds).toBe(2);
    await loop.stop();
    expect(loop.isStopped).toBe(true);
    loop.kick();
    await pause(20);
    expect(rounds).toBe(2);
  });

  it('waits for the round in progress when stopped', async () => {
    let finished = false;
    const loop = new KickedLoop(
      async () => {
        await pause(30);
        finished = true;
      },
      () => 60_000,
    );
    loop.start();
    await pause(5);
    await loop.stop();
    expect(finished).toBe(true);
  });
});
