/**
 * A trained network in the page's link (`m=`, io/linkModel.ts): read with the link's own
 * architecture and loaded like a model file, so the link opens with that flow playing.
 * Malformed weights get a message; the rest of the link applies and the page shows what it
 * would have shown without them (the pretrained network, or the wait for Train).
 */
import {
  decodeLinkModel,
  encodeLinkModel,
  LINK_MODEL_KEY,
  MAX_LINK_MODEL_CHARS,
} from '../../io/linkModel';
import type { MlpConfig } from '../../model/mlpConfig';
import { parseModelFile, toModelFile, type ModelFile } from '../../model/weights';
import { appStore } from '../../state/appStore';
import type { Settings } from '../../state/settings';
import { encodeSettings } from '../../state/url';
import type { Engine } from '../scene/engine';
import { LINK_PLACE, say } from './ioStore';

const archOf = (s: Settings): MlpConfig => ({
  width: s.width,
  depth: s.depth,
  activation: s.activation,
  timeEncoding: 'linear',
});

/** The `m` value of a hash, or null. */
function modelText(hash: string): string | null {
  try {
    return new URLSearchParams(hash.replace(/^#/, '')).get(LINK_MODEL_KEY);
  } catch {
    return null;
  }
}

/** Starts loading the link's network; false when the link has none (or a malformed one). */
export function openLinkModel(engine: Engine, hash: string): boolean {
  const text = modelText(hash);
  if (text === null) return false;
  const s = appStore.getState().settings;
  const r = decodeLinkModel(text, archOf(s));
  if (!r.ok) {
    say(LINK_PLACE, { kind: 'error', text: r.error });
    return false;
  }
  const file = toModelFile(
    {
      architecture: archOf(s),
      scheduler: { id: s.scheduler, params: s.schedulerParams },
      dataset: s.target,
      seed: s.seed,
      step: r.step,
    },
    r.weights,
  );
  engine.loadModel(file, s).then(
    (step) =>
      say(LINK_PLACE, { kind: 'info', text: { key: 'ioLinkModelLoaded', params: { step } } }),
    (e: Error) => {
      say(LINK_PLACE, {
        kind: 'error',
        text: { key: 'ioLinkModelBad', params: { detail: e.message } },
      });
      void engine.session.showPretrained();
    },
  );
  return true;
}

export interface ModelLink {
  /** The whole link (empty when it does not fit). */
  url: string;
  /** Characters the weights take, and whether that is within MAX_LINK_MODEL_CHARS. */
  chars: number;
  fits: boolean;
}

/** The page's link with the exported network's weights in it (when they fit). */
export function linkWithModel(file: ModelFile, settings: Settings, base: string): ModelLink {
  const { weights } = parseModelFile(file);
  const text = encodeLinkModel(file.architecture, weights, file.step);
  const fits = text.length <= MAX_LINK_MODEL_CHARS;
  const hash = [encodeSettings(settings), `${LINK_MODEL_KEY}=${text}`].filter(Boolean).join('&');
  return { url: fits ? `${base}#${hash}` : '', chars: text.length, fits };
}
