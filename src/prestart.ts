/**
 * Page start, before React renders anything: the training worker and the pretrained network of
 * the linked setup start loading at once, so the learned view's first flow does not wait for
 * the first render (issue 10, instant start). main.tsx imports this module first.
 */
import { appStore } from './state/appStore';
import { pretrainedFor } from './state/pretrained';
import { prefetchPretrained } from './ui/engine/pretrained';
import { WorkerLink } from './ui/engine/workerLink';

if (typeof Worker !== 'undefined' && typeof document !== 'undefined') {
  const { settings } = appStore.getState();
  const match = pretrainedFor(settings);
  if ('file' in match) prefetchPretrained(match.file);
  WorkerLink.prestart(settings.backend);
}
