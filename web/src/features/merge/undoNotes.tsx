// After an undo: a toast that says it worked, and what it left as it was (changed or deleted since the merge).
import { notifications } from '@mantine/notifications';
import { i18n } from '../../app/i18n.ts';
import type { UndoMergeResult } from './merge.api.ts';

export function showUndoNotes(result: UndoMergeResult, survivorName: string): void {
  const changed = result.notes.filter((n) => n.code === 'field_changed_since').length;
  const gone = result.notes.filter((n) => n.code === 'items_gone_since').length;
  const kept = [
    ...(changed ? [i18n.t('merge.undone.changed', { count: changed })] : []),
    ...(gone ? [i18n.t('merge.undone.gone', { count: gone })] : []),
  ];
  notifications.show({
    color: kept.length ? 'yellow' : 'green',
    autoClose: kept.length ? 12000 : 6000,
    title: i18n.t('merge.undone.title', { count: result.merge.merged.length, name: survivorName }),
    message: kept.length ? kept.join(' ') : i18n.t('merge.undone.exact'),
  });
}
