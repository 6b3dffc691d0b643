import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Points } from '../../flow/types';
import { appStore, updateSettings } from '../../state/appStore';
import { compareStore, initialCompareState } from '../../state/compareStore';
import { DEFAULT_SETTINGS } from '../../state/settings';
import { decodeSettings, encodeSettings } from '../../state/url';
import type { SampleRequest, TrainerSetup } from '../../worker/protocol';
import { COMPARE_IDS, COMPARE_PATH_SIGMA, SIGMA_ID, TRAINER_IDS } from './compareSetup';
import { CompareController } from './controller';
import { FakeLink } from './fakeWorker';

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
  vi.unstubAllGlobals();
});

const configured = () => link.client!.of('configure').map((c) => c.id);

describe('the comparison’s optional OT column with σ around the path', () => {
  it('is off by default: Train all trains the four default trainers only', async () => {
    expect(DEFAULT_SETTINGS.compareSigma).toBe(false);
    await ctl.train();
    expect(configured()).toEqual([...COMPARE_IDS]);
    expect(link.client!.of('start').map((c) => c.args[0])).toEqual([[...COMPARE_IDS]]);
  });

  it('trains OT with pathSigma 0.1 beside the others, from the same x0, and measures it', async () => {
    ctl.setWithSigma(true);
    expect(appStore.getState().settings.compareSigma).toBe(true);
    await ctl.train();
    const client = link.client!;
    expect(configured()).toEqual([...TRAINER_IDS]);
    const setups = Object.fromEntries(
      client.of('configure').map((c) => [c.id, c.args[0] as TrainerSetup]),
    );
    const sig = setups[SIGMA_ID]!;
    expect(sig.pathSigma).toBe(COMPARE_PATH_SIGMA);
    expect(sig.scheduler).toBe('ot');
    expect(sig.coupling).toBe('independent');
    // Everything else is OT's setup; the other trainers have no σ at all.
    expect({ ...sig, pathSigma: undefined }).toEqual({ ...setups.ot, pathSigma: undefined });
    for (const id of COMPARE_IDS) expect('pathSigma' in setups[id]!, id).toBe(false);
    await ctl.refreshNow();
    await ctl.runSweep();
    const x0 = Object.fromEntries(
      client.of('sample').map((c) => [c.id, (c.args[0] as SampleRequest).x0]),
    ) as Record<string, Points>;
    expect(x0[SIGMA_ID]).toEqual(x0.ot);
    const figures = compareStore.getState().trainers[SIGMA_ID];
    expect(figures.shownStep).toBe(10);
    expect(figures.straightness).toBeCloseTo(1, 5);
    expect(compareStore.getState().sweep.points[SIGMA_ID]?.length).toBeGreaterThan(0);
  });

  it('toggled on while training adds the trainer; toggled off stops measuring it', async () => {
    await ctl.train();
    updateSettings({ compareSigma: true });
    await vi.waitFor(() => expect(configured()).toContain(SIGMA_ID));
    await vi.waitFor(() =>
      expect(link.client!.of('start').map((c) => c.args[0])).toContainEqual([...TRAINER_IDS]),
    );
    ctl.setWithSigma(false);
    await vi.waitFor(() =>
      expect(link.client!.of('start').at(-1)?.args[0]).toEqual([...COMPARE_IDS]),
    );
    const before = link.client!.of('sample').length;
    await ctl.refreshNow();
    const sampled = link
      .client!.of('sample')
      .slice(before)
      .map((c) => c.id);
    expect(sampled).not.toContain(SIGMA_ID);
    expect(sampled).toContain('ot');
  });

  it('is in the link as csig=1 and nowhere when off', () => {
    const on = { ...DEFAULT_SETTINGS, compareSigma: true };
    expect(encodeSettings(on)).toContain('csig=1');
    expect(encodeSettings(DEFAULT_SETTINGS)).not.toContain('csig');
    expect(decodeSettings('csig=1').settings.compareSigma).toBe(true);
  });

  it('the shipped networks load into the four default trainers; OT σ waits for Train all', async () => {
    appStore.setState({ settings: { ...DEFAULT_SETTINGS, compareSigma: true } });
    vi.stubGlobal('document', { baseURI: 'http://localhost/' });
    vi.stubGlobal('fetch', (url: URL) =>
      Promise.resolve({ ok: true, json: () => Promise.resolve({ file: url.pathname }) }),
    );
    await ctl.showPretrained();
    expect(link.client!.of('importModel').map((c) => c.id)).toEqual([...COMPARE_IDS]);
    expect(ctl.configured(SIGMA_ID)).toBe(false);
    expect(compareStore.getState().trainers[SIGMA_ID].status).toBe('unconfigured');
  });
});
