// The note's rich-text body: bold, italic, lists, links, headings, and @mentions of the workspace's users. A
// mention is stored as <span data-type="mention" data-id="<user id>" data-label="Name">, the shape the server
// keeps and reads to notify the people mentioned. Typing "@" opens a list of users that filters as you type;
// arrows move, Enter or Tab picks, Escape closes it.
import { Group, Paper, Portal, Text, UnstyledButton } from '@mantine/core';
import { Link, RichTextEditor } from '@mantine/tiptap';
import { Mention } from '@tiptap/extension-mention';
import { useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { UserAvatar } from '../../components/UserAvatar.tsx';
import classes from './notes.module.css';

export interface MentionUser {
  id: string;
  name: string;
  email?: string;
}

interface MentionItem {
  id: string;
  label: string;
  email?: string;
}

interface SuggestionState {
  items: MentionItem[];
  index: number;
  rect: DOMRect | null;
  command: (item: MentionItem) => void;
}

const MAX_SUGGESTIONS = 8;

/** Users whose name (any word) or email starts with the query, then those that merely contain it. */
export function matchUsers(users: readonly MentionUser[], query: string): MentionItem[] {
  const q = query.trim().toLowerCase();
  const toItem = (u: MentionUser): MentionItem => ({ id: u.id, label: u.name, email: u.email });
  if (!q) return users.slice(0, MAX_SUGGESTIONS).map(toItem);
  const starts: MentionUser[] = [];
  const contains: MentionUser[] = [];
  for (const u of users) {
    const name = u.name.toLowerCase();
    const email = (u.email ?? '').toLowerCase();
    if (name.startsWith(q) || name.split(/\s+/).some((w) => w.startsWith(q)) || email.startsWith(q)) starts.push(u);
    else if (name.includes(q)) contains.push(u);
  }
  return [...starts, ...contains].slice(0, MAX_SUGGESTIONS).map(toItem);
}

/**
 * The bridge between tiptap's suggestion plugin (plain callbacks, created once with the editor) and React state:
 * it holds the latest users and the open suggestion, and tells the component when the suggestion changes.
 */
class MentionBridge {
  users: readonly MentionUser[] = [];
  current: SuggestionState | null = null;
  listener: (s: SuggestionState | null) => void = () => undefined;
  onChange: (html: string, text: string) => void = () => undefined;

  /** Points the bridge at the component's current props; returns the disconnect for the effect's cleanup. */
  connect(to: Pick<MentionBridge, 'users' | 'onChange' | 'listener'>) {
    this.users = to.users;
    this.onChange = to.onChange;
    this.listener = to.listener;
    return () => {
      this.listener = () => undefined;
    };
  }

  show(next: SuggestionState | null) {
    this.current = next;
    this.listener(next);
  }

  /** Arrows move, Enter or Tab picks, Escape closes the list (and only the list, not a dialog around it). */
  keyDown(event: KeyboardEvent): boolean {
    const s = this.current;
    if (!s) return false;
    const n = s.items.length;
    if (event.key === 'ArrowDown' && n) {
      this.show({ ...s, index: (s.index + 1) % n });
      return true;
    }
    if (event.key === 'ArrowUp' && n) {
      this.show({ ...s, index: (s.index - 1 + n) % n });
      return true;
    }
    if ((event.key === 'Enter' || event.key === 'Tab') && n) {
      s.command(s.items[s.index]!);
      return true;
    }
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.show(null);
      return true;
    }
    return false;
  }

  extensions() {
    return [
      StarterKit.configure({ link: false, heading: { levels: [2, 3] } }),
      Link.configure({ openOnClick: false, autolink: true, defaultProtocol: 'https' }),
      Mention.configure({
        deleteTriggerWithBackspace: true,
        suggestion: {
          char: '@',
          items: ({ query }) => matchUsers(this.users, query),
          render: () => ({
            onStart: (props: SuggestionProps<MentionItem>) =>
              this.show({ items: props.items, index: 0, rect: props.clientRect?.() ?? null, command: props.command }),
            onUpdate: (props: SuggestionProps<MentionItem>) =>
              this.show({
                items: props.items,
                index: Math.min(this.current?.index ?? 0, Math.max(props.items.length - 1, 0)),
                rect: props.clientRect?.() ?? null,
                command: props.command,
              }),
            onKeyDown: ({ event }: SuggestionKeyDownProps) => this.keyDown(event),
            onExit: () => this.show(null),
          }),
        },
      }),
    ];
  }
}

export function NoteBodyEditor({
  initialHtml,
  users,
  onChange,
  invalid,
}: {
  initialHtml: string;
  users: readonly MentionUser[];
  onChange(html: string, text: string): void;
  invalid?: boolean;
}) {
  const { t } = useTranslation();
  const [bridge] = useState(() => new MentionBridge());
  const [extensions] = useState(() => bridge.extensions());
  const [suggestion, setSuggestion] = useState<SuggestionState | null>(null);
  const listId = useId();

  useEffect(() => bridge.connect({ users, onChange, listener: setSuggestion }), [bridge, users, onChange]);

  const editor = useEditor({
    // Built just after the first paint rather than during it: building an editor takes a few dozen milliseconds,
    // and the contact page shows one in its composer every time a contact opens.
    immediatelyRender: false,
    extensions,
    content: initialHtml,
    editorProps: {
      attributes: {
        'aria-label': t('notes.text'),
        'aria-multiline': 'true',
        role: 'textbox',
        class: classes.editorContent ?? '',
      },
    },
    onUpdate: ({ editor: e }) => bridge.onChange(e.getHTML(), e.getText()),
  });

  return (
    <>
      <RichTextEditor editor={editor} className={classes.editor} data-invalid={invalid || undefined}>
        <RichTextEditor.Toolbar>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
            <RichTextEditor.Underline />
            <RichTextEditor.Strikethrough />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.H2 />
            <RichTextEditor.H3 />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
            <RichTextEditor.Blockquote />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <MentionControl editor={editor} />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content />
      </RichTextEditor>
      {suggestion && suggestion.rect && (
        <Portal>
          <Paper
            shadow="md"
            withBorder
            p={4}
            className={classes.suggestions}
            style={{ top: suggestion.rect.bottom + 6, left: Math.min(suggestion.rect.left, window.innerWidth - 280) }}
          >
            {suggestion.items.length === 0 ? (
              <Text size="sm" c="dimmed" px="sm" py={6}>
                {t('notes.noUserMatches')}
              </Text>
            ) : (
              <div role="listbox" id={listId} aria-label={t('notes.mentionUser')}>
                {suggestion.items.map((item, i) => (
                  <UnstyledButton
                    key={item.id}
                    role="option"
                    aria-selected={i === suggestion.index}
                    data-active={i === suggestion.index || undefined}
                    className={classes.suggestion}
                    // Keep the editor focused: the pick happens on mouse down, before focus would move.
                    onMouseDown={(e) => {
                      e.preventDefault();
                      suggestion.command(item);
                    }}
                    onMouseEnter={() => bridge.show({ ...suggestion, index: i })}
                    tabIndex={-1}
                  >
                    <Group gap="xs" wrap="nowrap">
                      <UserAvatar name={item.label} size={24} />
                      <div style={{ minWidth: 0 }}>
                        <Text size="sm" fw={500} truncate="end">
                          {item.label}
                        </Text>
                        {item.email && (
                          <Text size="xs" c="dimmed" truncate="end">
                            {item.email}
                          </Text>
                        )}
                      </div>
                    </Group>
                  </UnstyledButton>
                ))}
              </div>
            )}
          </Paper>
        </Portal>
      )}
    </>
  );
}

/** A toolbar button that starts a mention, for those who look for it rather than type "@". */
function MentionControl({ editor }: { editor: Editor | null }) {
  const { t } = useTranslation();
  return (
    <RichTextEditor.Control
      onClick={() => {
        if (!editor) return;
        // "@" starts a mention at the start of a line or after a space; elsewhere a space goes first.
        const { from } = editor.state.selection;
        const before = from > 1 ? editor.state.doc.textBetween(from - 1, from, '\n', '\n') : '';
        editor
          .chain()
          .focus()
          .insertContent(before === '' || /\s/.test(before) ? '@' : ' @')
          .run();
      }}
      aria-label={t('notes.mention')}
      title={t('notes.mentionHint')}
    >
      <Text fw={700} size="sm" lh={1}>
        @
      </Text>
    </RichTextEditor.Control>
  );
}
