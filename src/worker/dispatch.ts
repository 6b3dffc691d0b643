/**
 * The training host's answers: one request in, its result (and the arrays to hand over) out.
 * Training requests go to the loop (trainingLoop.ts), queries to queries.ts and reflow.ts;
 * before the measured engine choice only what a first engine can do runs, anything else waits
 * for the choice (hostEngine.ts). Works on the host's state (hostState.ts).
 */
import { createTrainer, firstEngine, trainerFromModelFile } from '../model/engine';
import type { TrainerFactory } from '../model/reflow';
import { traceBuffers } from '../model/stepTrace';
import type { ReplyResults, Request } from './protocol';
import * as queries from './queries';
import { reflowReport } from './reflow';
import { choose, startBackend } from './hostEngine';
import { build, install, slotOf, yieldToEvents, type HostState } from './hostState';
import { report, setRunning, trainChunk } from './trainingLoop';

/**
 * What may run on a first engine, before the measured choice: showing and sampling networks,
 * and bookkeeping. Anything else (training, tfjs queries such as the loss profile) waits.
 */
const BEFORE_CHOICE = new Set<Request['type']>([
  'init',
  'configure',
  'importModel',
  'sample',
  'field',
  'nfeSweep',
  'exportModel',
  'checkpoint',
  'restore',
  'reset',
  'remove',
  'pause',
  'setTarget',
  'setLearningRate',
  'setEma',
]);

/** A request's result and the arrays it hands over. */
export type Handled = { result: unknown; transfer?: Transferable[] };

/** Answers one request (throws with the reason it is refused). */
export async function dispatch(host: HostState, msg: Request): Promise<Handled> {
  if (!BEFORE_CHOICE.has(msg.type)) await choose(host);
  switch (msg.type) {
    case 'init': {
      const first = firstEngine(msg.backend);
      host.choiceDue = first ? msg.backend : null;
      if (first) {
        host.backend = first;
        return { result: { ...first, pending: true } satisfies ReplyResults['init'] };
      }
      host.backend = await startBackend(host, msg.backend);
      return { result: host.backend satisfies ReplyResults['init'] };
    }
    case 'chooseEngine': {
      const info = await choose(host);
      if (!info) throw new Error('the engine has not been started (init first)');
      return { result: info satisfies ReplyResults['chooseEngine'] };
    }
    case 'configure': {
      const trainer = build(host, msg.setup); // throws before the old trainer is touched
      install(host, msg.id, msg.setup, trainer);
      return { result: { step: 0 } };
    }
    case 'start':
      setRunning(host, msg.ids);
      return { result: null };
    case 'pause':
      setRunning(host, []);
      return { result: null };
    case 'step': {
      const slot = slotOf(host, msg.id);
      // A single step leaves the trainer paused; its stats event is the one report of it.
      if (slot.status !== 'training') slot.status = 'paused';
      return { result: await trainChunk(host, msg.id, slot, msg.n) };
    }
    case 'slowStep': {
      const slot = slotOf(host, msg.id);
      // A chunk the loop was reading when a pause came is finished first (no interleaving).
      await slot.busy;
      if (slot.status !== 'training') slot.status = 'paused';
      // A step like any other (same batch stream, counted, reported as stats) that tells all.
      const { trace, stats } = await slot.trainer.traceStep();
      const result = { trace, stats: report(host, msg.id, slot, stats) };
      return { result: result satisfies ReplyResults['slowStep'], transfer: traceBuffers(trace) };
    }
    case 'reset': {
      const slot = slotOf(host, msg.id);
      install(host, msg.id, slot.setup, build(host, slot.setup));
      setRunning(host, host.running);
      return { result: { step: 0 } };
    }
    case 'setLearningRate': {
      const slot = slotOf(host, msg.id);
      slot.trainer.setLearningRate(msg.lr);
      slot.setup = { ...slot.setup, lr: msg.lr };
      if (slot.status === 'diverged') slot.status = 'paused';
      return { result: null };
    }
    case 'setEma': {
      const slot = slotOf(host, msg.id);
      slot.trainer.setEma(msg.ema);
      slot.setup = { ...slot.setup, ema: msg.ema };
      return { result: null };
    }
    case 'setTarget': {
      const slot = slotOf(host, msg.id);
      slot.trainer.setTarget(msg.target, msg.labels);
      slot.setup = { ...slot.setup, target: msg.target, labels: msg.labels };
      return { result: null };
    }
    case 'sample':
      return queries.sample(slotOf(host, msg.id).trainer, msg);
    case 'field':
      return queries.field(slotOf(host, msg.id).trainer, msg.points, msg.t, msg);
    case 'lossByTime':
      return queries.lossByTime(slotOf(host, msg.id).trainer, msg.bins);
    case 'reflow': {
      const slot = slotOf(host, msg.id);
      const create: TrainerFactory = (config, target, source, labels) =>
        createTrainer(host.backend, config, target, source, labels);
      return reflowReport(slot.trainer, slot.setup, msg, create, yieldToEvents);
    }
    case 'exportModel':
      return queries.exportModel(slotOf(host, msg.id).trainer, msg.dataset);
    case 'logLikelihood':
      return queries.logLikelihood(slotOf(host, msg.id).trainer, msg.points, msg.steps, msg.label);
    case 'nfeSweep':
      return queries.nfeSweep(
        slotOf(host, msg.id).trainer,
        msg.x0,
        msg.solvers,
        msg.nfes,
        msg.reference,
        msg.adaptiveTol,
      );
    case 'importModel': {
      const { trainer, setup } = await trainerFromModelFile(
        host.backend,
        msg.file,
        msg.setup ?? slotOf(host, msg.id).setup,
      );
      install(host, msg.id, setup, trainer);
      return { result: { step: trainer.step } };
    }
    case 'checkpoint':
      return { result: await slotOf(host, msg.id).trainer.checkpoint() };
    case 'restore': {
      const slot = slotOf(host, msg.id);
      await slot.trainer.restore(msg.checkpoint);
      return { result: { step: slot.trainer.step } };
    }
    case 'remove': {
      host.slots.get(msg.id)?.trainer.dispose();
      host.slots.delete(msg.id);
      host.running = host.running.filter((r) => r !== msg.id);
      return { result: null };
    }
  }
}
