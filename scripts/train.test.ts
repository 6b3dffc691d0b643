import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gaussianLogDensity } from '../src/flow/likelihood';
import { createRng, sampleNormal } from '../src/flow/rng';
import { makeScheduler } from '../src/flow/schedulers';
import { createMlp, parameterShapes } from '../src/model/mlp';
import { useNodeBackend } from '../src/model/testing';
import { likelihoodScore } from './headless';
import { DEFAULT_TRAIN_OPTIONS, parseTrainArgs } from './trainArgs';

const run = (args: string[]) =>
  promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--import', './scripts/node/register.mjs', 'scripts/train.ts', ...args],
    { timeout: 120_000 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('headless trainer arguments', () => {
  it('parses every flag, in both --flag value and --flag=value forms', () => {
    const o = parseTrainArgs([
      '--dataset',
      'scurve',
      '--scheduler=vp',
      '--coupling',
      'ot',
      '--width',
      '32',
      '--depth',
      '2',
      '--activation',
      'silu',
      '--batch',
      '128',
      '--steps',
      '10',
      '--lr',
      '2e-3',
      '--weight-decay',
      '0',
      '--ema',
      '0.995',
      '--seed',
      '7',
      '--solver',
      'rk4',
      '--nfe',
      '40',
      '--samples',
      '100',
      '--out',
      'x.json',
      '--quiet',
    ]);
    expect(o).toEqual({
      ...DEFAULT_TRAIN_OPTIONS,
      dataset: 'scurve',
      scheduler: 'vp',
      coupling: 'ot',
      width: 32,
      depth: 2,
      activation: 'silu',
      batch: 128,
      steps: 10,
      lr: 2e-3,
      weightDecay: 0,
      ema: 0.995,
      seed: 7,
      solver: 'rk4',
      nfe: 40,
      samples: 100,
      out: 'x.json',
      quiet: true,
    });
    expect(parseTrainArgs(['--help'])).toBeNull();
  });

  it('takes σ around the path and reflow rounds', () => {
    const o = parseTrainArgs(['--sigma', '0.1', '--reflow=2', '--reflow-pairs', '5000']);
    expect(o).toMatchObject({ pathSigma: 0.1, reflow: 2, reflowPairs: 5000 });
    expect(parseTrainArgs(['--reflow-steps', '300'])?.reflowSteps).toBe(300);
    expect(() => parseTrainArgs(['--sigma', '1.5'])).toThrow(
      /--sigma must be a number from 0 to 1/,
    );
    expect(() => parseTrainArgs(['--reflow', '4'])).toThrow(
      /--reflow must be a whole number from 0 to 3/,
    );
  });

  it('takes a conditional network, its label drop and guidance scales', () => {
    const o = parseTrainArgs(['--conditional', '--label-drop', '0.3', '--guidance=0,1.5,8']);
    expect(o).toMatchObject({ conditional: true, labelDrop: 0.3, guidance: [0, 1.5, 8] });
    expect(parseTrainArgs(['--conditional'])).toMatchObject({ labelDrop: 0.2, guidance: [0] });
    expect(() => parseTrainArgs(['--guidance', '1'])).toThrow(/--guidance needs --conditional/);
    expect(() => parseTrainArgs(['--label-drop', '0.1'])).toThrow(/needs --conditional/);
    expect(() => parseTrainArgs(['--conditional', '--label-drop', '1'])).toThrow(
      /--label-drop must be a number from 0 up to \(not including\) 1/,
    );
    expect(() => parseTrainArgs(['--conditional', '--guidance', '1,-2'])).toThrow(
      /--guidance must be a number from 0 to 1000, got "-2"/,
    );
    expect(() => parseTrainArgs(['--conditional', '--reflow', '1'])).toThrow(/conditional/);
  });

  it('takes every scheduler of the registry, with its parameters as flags', () => {
    expect(parseTrainArgs(['--scheduler', 'cosine'])?.scheduler).toBe('cosine');
    const ve = parseTrainArgs(['--scheduler=ve', '--sigma-min', '0.05', '--sigma-max=5']);
    expect(ve?.schedulerParams).toEqual({ sigmaMin: 0.05, sigmaMax: 5 });
    expect(parseTrainArgs(['--scheduler', 'vp', '--beta-max', '12'])?.schedulerParams).toEqual({
      betaMax: 12,
    });
  });

  it('refuses unknown flags and bad values with a clear message', () => {
    const bad: [string[], RegExp][] = [
      [['--fast'], /unknown flag "--fast"/],
      [['--dataset', 'mars'], /--dataset must be one of moons, .*got "mars"/],
      [['--width', '0'], /--width must be a whole number from 1 to 1024, got "0"/],
      [['--width', '3.5'], /whole number/],
      [['--lr', 'abc'], /--lr must be a number greater than 0/],
      [['--lr', '-1'], /--lr/],
      [['--steps'], /--steps needs a value/],
      [['--seed', '--lr'], /--seed needs a value/],
      [['--samples', '50000'], /--samples must be a whole number from 2 to 10000/],
      [['--ema', '1'], /--ema must be a number from 0 up to \(not including\) 1, got "1"/],
      [['--ema', 'x'], /--ema must be a number/],
      [
        ['--scheduler', 'cosine', '--sigma-max', '5'],
        /--sigma-max does not apply to --scheduler cosine/,
      ],
      [['--scheduler', 've', '--sigma-max', '0.001'], /σ_max \(0.001\) must be > σ_min/],
      [['--scheduler', 'vp', '--beta-min', '200'], /--beta-min must be a number from 0 to 100/],
    ];
    for (const [args, message] of bad) expect(() => parseTrainArgs(args)).toThrow(message);
  });
});

describe('headless trainer process', () => {
  it('exits non-zero with a message for bad arguments and unwritable paths', async () => {
    const unknown = await run(['--nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/error: unknown flag "--nope"/);
    const unwritable = await run(['--out', '/no/such/folder/run.json']);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/folder \/no\/such\/folder does not exist/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--weight-decay/);
  });

  it('trains, prints W2 and writes the result file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fm-')), 'run.json');
    const r = await run([
      '--steps',
      '60',
      '--batch',
      '64',
      '--samples',
      '50',
      '--nfe',
      '10',
      '--quiet',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/W2 \(exact, 50 samples, euler 10 steps, NFE 10\): \d\.\d{4}/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.generated).toHaveLength(50);
    expect(json.target).toHaveLength(50);
    expect(json.lossHistory).toHaveLength(60);
    expect(json.model.format).toBe('fm-playground-model');
    expect(json.timings.stepsPerSecond).toBeGreaterThan(0);
    expect(json.lastWeights).toBeNull();
    expect(json.reflow).toBeNull();
  });

  it('with --sigma and --reflow 1, prints the reflow table and writes its rows', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fm-')), 'run.json');
    const r = await run(
      ['--steps', '60', '--batch', '64', '--samples', '50', '--nfe', '10', '--sigma', '0.1'].concat(
        ['--reflow', '1', '--reflow-pairs', '200', '--reflow-steps', '20', '--quiet', '--out', out],
      ),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/σ=0\.1/);
    expect(r.stdout).toMatch(/original\s+\d\.\d{4}\s+\d+\.\d{4}\s+\d+\.\d{4}/);
    expect(r.stdout).toMatch(/reflow 1\s+\d\.\d{4}/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.reflow.map((row: { round: number }) => row.round)).toEqual([0, 1]);
    expect(json.options.pathSigma).toBe(0.1);
  });

  it('with --ema, samples the weight average and scores the last weights beside it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fm-')), 'run.json');
    const r = await run(
      ['--steps', '60', '--batch', '64', '--samples', '50', '--nfe', '10', '--ema', '0.9'].concat([
        '--quiet',
        '--out',
        out,
      ]),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /W2 \(exact, 50 samples, euler 10 steps, NFE 10\), EMA 0\.9 weights: \d\.\d{4}/,
    );
    expect(r.stdout).toMatch(/last weights: \d\.\d{4}/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.lastWeights.w2).toBeGreaterThan(0);
    expect(json.lastWeights.w2).not.toBe(json.w2);
    // The model file holds the sampled (averaged) weights, the last ones beside it.
    expect(json.lastWeights.model.weights[0].data).not.toEqual(json.model.weights[0].data);
  });
  it('with --likelihood, prints the held-out mean log-likelihood it writes to the JSON', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fm-')), 'run.json');
    const r = await run(
      ['--steps', '100', '--batch', '64', '--samples', '50', '--nfe', '10', '--likelihood'].concat([
        '--quiet',
        '--out',
        out,
      ]),
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.likelihood.points).toBe(50);
    expect(json.likelihood.steps).toBe(32);
    expect(r.stdout).toContain(
      `RK4 32 steps backward), mean over 50 held-out points: ${json.likelihood.mean.toFixed(4)} nats`,
    );
    expect(Number.isFinite(json.likelihood.kdeMean)).toBe(true);
  });

  it('with --conditional, prints per guidance scale the class W2 and accuracy it writes', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fm-')), 'run.json');
    const args = ['--steps', '150', '--batch', '64', '--samples', '60', '--nfe', '10'];
    const r = await run(
      args.concat(['--conditional', '--guidance', '0,2', '--quiet', '--out', out]),
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.model.architecture.classes).toBe(2);
    expect(json.guidance.map((g: { w: number; nfe: number }) => [g.w, g.nfe])).toEqual([
      [0, 10],
      [2, 20],
    ]);
    for (const g of json.guidance) {
      expect(g.w2).toHaveLength(2);
      expect(g.accuracy.every((a: number) => a >= 0 && a <= 1)).toBe(true);
    }
    expect(r.stdout).toContain('Classifier-free guidance, label drop 0.2');
  });

  it('the likelihood score of a network that outputs 0 is the source density itself', async () => {
    await useNodeBackend();
    const mlp = createMlp({ width: 8, depth: 2, activation: 'silu', timeEncoding: 'linear' }, 1);
    mlp.setWeights(
      parameterShapes(mlp.config).map((s) => new Float32Array(s.reduce((a, b) => a * b, 1))),
    );
    const pts = sampleNormal(40, createRng(3), 1.5);
    const score = await likelihoodScore(mlp, makeScheduler('ot'), pts, pts, 4);
    const logN = gaussianLogDensity(1);
    let mean = 0;
    for (let i = 0; i < 40; i++) mean += logN(pts[2 * i]!, pts[2 * i + 1]!) / 40;
    // v ≡ 0: x₀ = x and div v = 0, so log p₁(x) = log N(x; 0, I) exactly.
    expect(score.mean).toBeCloseTo(mean, 5);
    mlp.dispose();
  });
});
