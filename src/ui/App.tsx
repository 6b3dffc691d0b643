/**
 * The playground's shell: header, control panels, the two synchronized views with their
 * shared time bar, and the training charts. The engine (clock, views, worker session) lives
 * for as long as this component and is handed down by context.
 */
import { useEffect, useState } from 'react';
import { useLanguage } from '../i18n';
import { applyLink, appStore, syncUrl } from '../state/appStore';
import { Charts } from './charts/Charts';
import { EngineContext } from './engineContext';
import { Header } from './Header';
import { Notices } from './Notices';
import { Engine } from './scene/engine';
import { Sidebar } from './Sidebar';
import { TimeBar } from './TimeBar';
import { Views } from './Views';

/** Space toggles play unless the focus is in a control that uses Space itself. */
function onSpace(e: KeyboardEvent): void {
  if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
  const el = e.target as HTMLElement | null;
  const tag = el?.tagName;
  const typing =
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    tag === 'BUTTON' ||
    (tag === 'INPUT' && (el as HTMLInputElement).type !== 'range') ||
    el?.isContentEditable;
  if (typing) return;
  e.preventDefault();
  appStore.setState((s) => ({ playing: !s.playing }));
}

export function App() {
  const [engine, setEngine] = useState<Engine | null>(null);
  const language = useLanguage();
  useEffect(() => {
    const e = new Engine();
    setEngine(e);
    const stopSync = syncUrl();
    const onHash = () => applyLink(location.hash);
    window.addEventListener('keydown', onSpace);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('keydown', onSpace);
      window.removeEventListener('hashchange', onHash);
      stopSync();
      e.dispose();
    };
  }, []);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  return (
    <EngineContext.Provider value={engine}>
      <div className="app">
        <Header />
        <Notices />
        <main className="layout">
          <Sidebar />
          <section className="stage">
            <Views />
            <TimeBar />
            <Charts />
          </section>
        </main>
      </div>
    </EngineContext.Provider>
  );
}
