/**
 * Train, Pause and Reset as the run bar, an embed's bar and the comparison page show them: on
 * the playground's engine, or on the comparison's controller.
 */
import type { ReactNode } from 'react';
import { useT, type MessageKey } from '../i18n';
import { appStore } from '../state/appStore';
import { compareStore } from '../state/compareStore';
import { MIN_POINTS, targetCount } from '../state/settings';
import { useStore } from '../state/store';
import { useCompare } from './compare/context';
import { useEngine } from './engineContext';

type Action = 'train' | 'pause' | 'reset';

interface ButtonsProps {
  /** Training or starting. */
  busy: boolean;
  /** Pause takes Train's place while busy (one primary button); else the three side by side. */
  swap: boolean;
  labels: Record<Action, MessageKey>;
  on: Record<Action, () => void>;
  disabled: Partial<Record<Action, boolean>>;
  /** Test ids: this prefix and the action. */
  testIds: string;
  /** The id of what explains a disabled Train (aria-describedby). */
  trainNote?: string;
  /** What stands before Reset (the run bar's Step). */
  children?: ReactNode;
}

function TrainButtons(props: ButtonsProps) {
  const t = useT();
  const { busy, swap, labels, on, disabled, testIds, trainNote, children } = props;
  const button = (action: Action, primary: boolean, describedBy?: string) => (
    <button
      type="button"
      className={primary ? 'primary' : undefined}
      disabled={disabled[action]}
      aria-describedby={describedBy}
      onClick={on[action]}
      data-testid={`${testIds}${action}`}
    >
      {t(labels[action])}
    </button>
  );
  const train = button('train', true, trainNote);
  return (
    <>
      {!swap ? (
        <>
          {train}
          {button('pause', false)}
        </>
      ) : busy ? (
        button('pause', true)
      ) : (
        train
      )}
      {children}
      {button('reset', false)}
    </>
  );
}

/**
 * Train or Pause (one button), then `children`, then Reset, on the playground's engine. Train
 * waits for the engine and refuses too few target points (`trainNote` says why).
 */
export function PlaygroundTrainButtons(props: { trainNote?: string; children?: ReactNode }) {
  const engine = useEngine();
  const status = useStore(appStore, (s) => s.run.status);
  const tooFew = useStore(appStore, (s) => targetCount(s.settings) < MIN_POINTS);
  return (
    <TrainButtons
      busy={status === 'training' || status === 'starting'}
      swap
      labels={{ train: 'train', pause: 'pause', reset: 'reset' }}
      on={{
        train: () => engine?.train(),
        pause: () => engine?.pause(),
        reset: () => engine?.reset(),
      }}
      disabled={{ train: !engine || tooFew, reset: !engine }}
      testIds=""
      trainNote={tooFew ? props.trainNote : undefined}
    >
      {props.children}
    </TrainButtons>
  );
}

/**
 * Train all, Pause and Fresh networks on the comparison's controller: side by side, or with
 * `swap` Train and Pause as one button. Pause only while training; Reset once anything trained.
 */
export function CompareTrainButtons({ swap }: { swap: boolean }) {
  const ctl = useCompare();
  const status = useStore(compareStore, (s) => s.status);
  const busy = status === 'training' || status === 'starting';
  return (
    <TrainButtons
      busy={busy}
      swap={swap}
      labels={{ train: 'cmpTrainAll', pause: 'cmpPause', reset: 'cmpReset' }}
      on={{
        train: () => void ctl?.train(),
        pause: () => void ctl?.pause(),
        reset: () => void ctl?.reset(),
      }}
      disabled={{
        // Side by side, Train also waits while a run is on (swapped, Pause stands there then).
        train: !ctl || (!swap && busy),
        pause: !ctl || status !== 'training',
        reset: !ctl || status === 'idle' || status === 'starting',
      }}
      testIds="cmp-"
    />
  );
}
