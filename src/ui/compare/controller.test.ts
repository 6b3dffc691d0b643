import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Points } from '../../flow/types';
import { appStore } from '../../state/appStore';
import { compareStore, initialCompareState } from '../../state/compareStore';
import { DEFAULT_SETTINGS } from '../../state/settings';
import type { SampleRequest, TrainerSetup } from '../../worker/protocol';
import { COMPARE_IDS, type CompareId } from './compareSetup';
import { CompareController } from './controller';
import { FakeClient, FakeLink } from './fakeWorker';
import { NFES } from './readings';

let link: FakeLink;
let ctl: CompareController;

beforeEach(() => {
  compareStore.setState(initialCompareState());
  appStore.setState({ settings: { ...DEFAULT_SETTINGS, particles: 300, width: 16, depth: 2 } });
  link = new FakeLink();
  ctl = new CompareController(link);
});

afterEach(() => {
  ctl.dispose();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const setups = (c: FakeClient) =>
  Object.fromEntries(c.of('configure').map((x) => [x.id, x.args[0] as TrainerSetup])) as Record<
    CompareId,
    TrainerSetup
  >;

describe('scheduler comparison controller', () => {
  it('configures OT, VP, VE (and OT with OT pairs) with identical seed, data and network', async () => {
    await ctl.train();
    const client = link.client!;
    const s = setups(client);
    expect(Object.keys(s).sort()).toEqual([...COMPARE_IDS].sort());
    expect(s.ot.scheduler).toBe('ot');
    expect(s.vp.scheduler).toBe('vp');
    expect(s.ve.scheduler).toBe('ve');
    expect(s['ot-pairs'].scheduler).toBe('ot');
    expect(s['ot-pairs'].coupling).toBe('ot');
    for (const id of COMPARE_IDS) {
      expect(s[id].seed).toBe(DEFAULT_SETTINGS.seed);
      expect(s[id].model).toEqual({
        width: 16,
        depth: 2,
        activation: 'silu',
        timeEncoding: 'linear',
      });
      expect(s[id].batch).toBe(s.ot.batch);
      expect(s[id].lr).toBe(s.ot.lr);
      expect(s[id].weightDecay).toBe(s.ot.weightDecay);
      expect(Array.from(s[id].target)).toEqual(Array.from(s.ot.target));
      if (id !== 'ot-pairs') expect(s[id].coupling).toBe('independent');
    }
    expect(s.vp.schedulerParams).toEqual({ betaMin: 0.1, betaMax: 20 });
    expect(s.ve.schedulerParams).toEqual({ sigmaMin: 0.01, sigmaMax: 10 });
    // One start, all trainers together (round-robin in the one worker).
    expect(client.of('start').map((c) => c.args[0])).toEqual([[...COMPARE_IDS]]);
    expect(compareStore.getState().status).toBe('training');
  });

  it('trains only the three schedulers without OT pairs, and adds them back while training', async () => {
    compareStore.setState({ withPairs: false });
    await ctl.train();
    const client = link.client!;
    expect(client.of('configure').map((c) => c.id)).toEqual(['ot', 'vp', 've']);
    expect(client.of('start').map((c) => c.args[0])).toEqual([['ot', 'vp', 've']]);
    await ctl.setWithPairs(true);
    expect(client.of('configure').map((c) => c.id)).toEqual(['ot', 'vp', 've', 'ot-pairs']);
    expect(client.of('start').map((c) => c.args[0])).toEqual([
      ['ot', 'vp', 've'],
      [...COMPARE_IDS],
    ]);
  });

  it('keeps the networks on a second Train and rebuilds them all when the settings change', async () => {
    vi.useFakeTimers();
    await ctl.train();
    await ctl.train();
    expect(link.client!.of('configure')).toHaveLength(4);
    ctl.setActive(true);
    appStore.setState({ settings: { ...appStore.getState().settings, seed: 5 } });
    expect(compareStore.getState().stale).toBe(true);
    await ctl.train();
    const again = link.client!.of('configure').slice(4);
    expect(again.map((c) => (c.args[0] as TrainerSetup).seed)).toEqual([5, 5, 5, 5]);
    expect(compareStore.getState().stale).toBe(false);
  });

  it('samples every trainer from the same x0 (VE from σ_max · x0) and measures the paths', async () => {
    await ctl.train();
    await ctl.refreshNow();
    const x0 = Object.fromEntries(
      link.client!.of('sample').map((c) => [c.id, (c.args[0] as SampleRequest).x0]),
    ) as Record<CompareId, Points>;
    expect(x0.vp).toEqual(x0.ot);
    expect(x0['ot-pairs']).toEqual(x0.ot);
    expect(Array.from(x0.ve)).toEqual(Array.from(x0.ot).map((v) => Math.fround(10 * v)));
    const figures = compareStore.getState().trainers.ot;
    expect(figures.shownStep).toBe(10);
    // The fake paths are straight at constant speed.
    expect(figures.straightness).toBeCloseTo(1, 5);
    expect(figures.energyRatio).toBeCloseTo(1, 4);
    expect(Number.isFinite(figures.slicedW2)).toBe(true);
    expect(compareStore.getState().trainers.vp.profile).toHaveLength(20);
  });

  it('measures path metrics on a fixed RK4 grid, not on the display solver grid', async () => {
    appStore.setState({ settings: { ...appStore.getState().settings, solver: 'euler', steps: 1 } });
    await ctl.train();
    link.client!.curved = true;
    await ctl.refreshNow();
    const requests = link.client!.of('sample').map((c) => c.args[0] as SampleRequest);
    expect(requests.some((r) => r.solver === 'euler' && r.steps === 1)).toBe(true);
    expect(requests.some((r) => r.solver === 'rk4' && r.steps === 100)).toBe(true);
    // One Euler step would make the half circle "straight" (1.000); the fine grid sees the arc:
    // chord / length = 2/π, energy / chord² = π²/4.
    for (const id of COMPARE_IDS) {
      const figures = compareStore.getState().trainers[id];
      expect(figures.straightness, id).toBeCloseTo(2 / Math.PI, 3);
      expect(figures.energyRatio, id).toBeCloseTo(Math.PI ** 2 / 4, 2);
    }
  });

  it('runs the NFE sweep with exactly the solvers it says, for every trainer', async () => {
    compareStore.setState({ sweepSolvers: ['euler', 'rk4'] });
    await ctl.train();
    await ctl.runSweep();
    const calls = link.client!.of('nfeSweep');
    expect(calls.map((c) => c.id)).toEqual([...COMPARE_IDS]);
    for (const c of calls) {
      expect(c.args[1]).toEqual(['euler', 'rk4']);
      expect(c.args[2]).toEqual(NFES);
      expect((c.args[0] as Points).length).toBe(2 * 300);
    }
    const { sweep } = compareStore.getState();
    expect(sweep.solvers).toEqual(['euler', 'rk4']);
    expect(new Set(sweep.points.ve!.map((p) => p.solver))).toEqual(new Set(['euler', 'rk4']));
    expect(Math.min(...NFES)).toBe(1);
    expect(Math.max(...NFES)).toBe(100);
    expect(Number.isFinite(sweep.floor)).toBe(true);
  });

  it('refuses invalid scheduler parameters with a message and keeps the last valid ones', async () => {
    await ctl.train();
    const before = compareStore.getState().params;
    expect(await ctl.setParams('ve', { sigmaMax: 0.005 })).toBe(false);
    expect(compareStore.getState().paramErrors.ve?.key).toBe('cmpErrSigmaOrder');
    expect(await ctl.setParams('vp', { betaMax: NaN })).toBe(false);
    expect(compareStore.getState().paramErrors.vp?.key).toBe('cmpErrNumber');
    expect(await ctl.setParams('vp', { betaMin: 5, betaMax: 1 })).toBe(false);
    expect(compareStore.getState().paramErrors.vp?.key).toBe('cmpErrBetaOrder');
    expect(compareStore.getState().params).toEqual(before);
    expect(link.client!.of('configure')).toHaveLength(4);
    // A valid edit clears the message and rebuilds only that trainer.
    expect(await ctl.setParams('vp', { betaMax: 12 })).toBe(true);
    expect(compareStore.getState().paramErrors.vp).toBeUndefined();
    const rebuilt = link.client!.of('configure').slice(4);
    expect(rebuilt.map((c) => c.id)).toEqual(['vp']);
    expect((rebuilt[0]!.args[0] as TrainerSetup).schedulerParams).toEqual({
      betaMin: 0.1,
      betaMax: 12,
    });
  });

  it('follows the worker: stats reach the store, another Train pauses, a restart forgets', async () => {
    await ctl.train();
    const client = link.client!;
    for (const id of COMPARE_IDS) {
      client.emit({ id, step: 7, loss: 2, lossAvg: 2, stepsPerSec: 50, status: 'paused' });
    }
    client.emit({ id: 'main', step: 99, loss: 1, lossAvg: 1, stepsPerSec: 50, status: 'training' });
    const st = compareStore.getState();
    expect(st.status).toBe('paused');
    expect(st.trainers.ve.step).toBe(7);
    expect(st.trainers.ve.losses).toEqual([[7, 2]]);
    link.restart();
    expect(compareStore.getState().trainers.ot.status).toBe('unconfigured');
    await ctl.train();
    expect(link.client!.of('configure')).toHaveLength(4);
  });

  it('loads the shipped networks for the default setup; Train all continues, Reset starts fresh', async () => {
    appStore.setState({ settings: { ...DEFAULT_SETTINGS } });
    const fetched: string[] = [];
    vi.stubGlobal('document', { baseURI: 'http://localhost/' });
    vi.stubGlobal('fetch', (url: URL) => {
      fetched.push(url.pathname);
      return Promise.resolve({ ok: true, json: () => Promise.resolve({ file: url.pathname }) });
    });
    await ctl.showPretrained();
    const client = link.client!;
    expect(fetched).toEqual(
      ['moons-ot', 'moons-vp', 'moons-ve', 'moons-ot-otpairs'].map((f) => `/pretrained/${f}.json`),
    );
    expect(client.of('importModel').map((c) => c.id)).toEqual([...COMPARE_IDS]);
    const st = compareStore.getState();
    expect(st.trainers.ot.pretrained).toBe('moons-ot.json');
    expect(st.trainers['ot-pairs'].pretrained).toBe('moons-ot-otpairs.json');
    expect(st.trainers.vp.step).toBe(3000);
    // Measured and swept as they are, before any training.
    expect(st.trainers.vp.shownStep).toBe(10);
    expect(client.of('nfeSweep')).toHaveLength(4);
    await ctl.train();
    expect(client.of('configure')).toHaveLength(4);
    expect(compareStore.getState().trainers.ot.pretrained).toBeNull();
    await ctl.reset();
    expect(client.of('reset')).toHaveLength(4);
    expect(compareStore.getState().trainers.ot.step).toBe(0);
  });

  it('trains from scratch when the setup is not the pretrained one', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('no fetch expected')));
    await ctl.showPretrained();
    expect(link.client).toBeNull();
    expect(compareStore.getState().trainers.ot.pretrained).toBeNull();
  });

  it('refuses to train on too few target points', async () => {
    appStore.setState({
      settings: { ...appStore.getState().settings, target: 'drawn', drawn: [0, 0, 1, 1] },
    });
    await ctl.train();
    expect(compareStore.getState().notice?.key).toBe('cmpTooFew');
    expect(link.client).toBeNull();
  });
});
