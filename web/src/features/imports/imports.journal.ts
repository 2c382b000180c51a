// How import entries read in the audit log: started, finished with its counts, undone.
import { IconArrowBackUp, IconFileImport } from '@tabler/icons-react';
import { i18n } from '../../app/i18n.ts';
import { only, say, strong, type JournalFamily } from '../timeline/journal/parts.ts';

const name = (d: Record<string, unknown>) => strong(typeof d.name === 'string' ? d.name : '');
const num = (v: unknown) => strong(String(typeof v === 'number' ? v : 0));

export const importsJournal: JournalFamily = {
  family: 'import',
  fallback: { icon: IconFileImport, color: 'gray' },
  kinds: {
    'import.started': {
      looks: { icon: IconFileImport, color: 'blue' },
      describe: (d) => only(say('journal.imports.started', { name: name(d), rows: num(d.rows) })),
    },
    'import.finished': {
      looks: { icon: IconFileImport, color: 'teal' },
      describe: (d) =>
        only(
          say('journal.imports.finished', {
            name: name(d),
            status: strong(i18n.t(`imports.statuses.${String(d.status)}`)),
            created: num(d.created),
            updated: num(d.updated),
            rejected: num(d.rejected),
          }),
        ),
    },
    'import.undone': {
      looks: { icon: IconArrowBackUp, color: 'grape' },
      describe: (d) =>
        only(say('journal.imports.undone', { name: name(d), reverted: num(d.reverted), kept: num(d.kept) })),
    },
  },
};
