/**
 * The control panels as ARIA tabs (arrow keys move between tabs). Panels are unmounted when
 * hidden; everything they edit lives in the store, so nothing is lost on a switch.
 */
import { useRef, type KeyboardEvent } from 'react';
import { useT, type MessageKey } from '../i18n';
import { appStore, type Tab } from '../state/appStore';
import { useStore } from '../state/store';
import { ExplainPanel } from './panels/ExplainPanel';
import { SamplePanel } from './panels/SamplePanel';
import { TargetPanel } from './panels/TargetPanel';
import { TrainPanel } from './panels/TrainPanel';
import { RunBar } from './RunBar';
import { ViewParts } from './viewParts';

const TABS: readonly { id: Tab; label: MessageKey }[] = [
  { id: 'target', label: 'tabTarget' },
  { id: 'train', label: 'tabTrain' },
  { id: 'sample', label: 'tabSample' },
  { id: 'density', label: 'tabDensity' },
  { id: 'learn', label: 'tabLearn' },
];

const PANELS: Record<Tab, () => React.JSX.Element> = {
  target: TargetPanel,
  train: TrainPanel,
  sample: SamplePanel,
  density: () => <ViewParts ids={['density']} />,
  learn: ExplainPanel,
};

export function Sidebar() {
  const t = useT();
  const tab = useStore(appStore, (s) => s.tab);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((x) => x.id === tab);
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = (i + delta + TABS.length) % TABS.length;
    appStore.setState({ tab: TABS[next]!.id });
    refs.current[next]?.focus();
  };
  const Panel = PANELS[tab];
  return (
    <aside className="sidebar">
      <RunBar />
      <div className="tabs" role="tablist" aria-label={t('panels')} onKeyDown={onKey}>
        {TABS.map((x, i) => (
          <button
            key={x.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${x.id}`}
            aria-selected={tab === x.id}
            aria-controls={`panel-${x.id}`}
            tabIndex={tab === x.id ? 0 : -1}
            onClick={() => appStore.setState({ tab: x.id })}
          >
            {t(x.label)}
          </button>
        ))}
      </div>
      <div className="panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        <Panel />
      </div>
    </aside>
  );
}
