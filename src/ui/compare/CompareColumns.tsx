/**
 * The comparison's row of animated columns: OT, VP and VE (mounted by id from `VIEWS`), then
 * OT with σ = 0.1 around the path while its toggle is on (four in a row on a wide screen, two
 * by two below 1 200 px, one below 900 px: styles.css `.cmp-columns-4`). The page and the
 * presenter layout both use it.
 */
import { appStore } from '../../state/appStore';
import { useStore } from '../../state/store';
import { ViewParts } from '../viewParts';
import { Column } from './Columns';

export function CompareColumns() {
  const sigma = useStore(appStore, (s) => s.settings.compareSigma);
  return (
    <div className={sigma ? 'cmp-columns cmp-columns-4' : 'cmp-columns'}>
      <ViewParts ids={['ot', 'vp', 've']} />
      <Column id="ot-sigma" />
    </div>
  );
}
