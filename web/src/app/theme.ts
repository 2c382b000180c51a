// Dossier's look: calm slate neutrals, one blue accent, the system UI font, soft radius.
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Combobox,
  createTheme,
  localStorageColorSchemeManager,
  Menu,
  Modal,
  NavLink,
  Paper,
  Table,
  Tooltip,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';

const brand: MantineColorsTuple = [
  '#edf2ff',
  '#dce4ff',
  '#b7c6fb',
  '#8fa6f6',
  '#6d8af2',
  '#5778f0',
  '#4a6ef0',
  '#3b5cd6',
  '#3151c0',
  '#2345aa',
];

// Slate, spaced like Mantine's grey (4 = input borders, 6 = dimmed text at 4.7:1 on white).
const gray: MantineColorsTuple = [
  '#f8fafc',
  '#f1f5f9',
  '#e8edf3',
  '#dde3ea',
  '#cbd5e1',
  '#a3aebd',
  '#64748b',
  '#475569',
  '#334155',
  '#1e293b',
];

// Dark surfaces, from text (0) through borders (4) and cards (6) to the page (7) and below.
const dark: MantineColorsTuple = [
  '#d5d9e0',
  '#b3b9c4',
  '#8d95a3',
  '#666e7d',
  '#3a404b',
  '#2c313a',
  '#22262d',
  '#1a1d23',
  '#14161b',
  '#0e1014',
];

const fontStack =
  'Inter, "Inter Variable", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  colors: { brand, gray, dark },
  black: '#0f172a',
  fontFamily: fontStack,
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontFamily: fontStack, fontWeight: '600' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Button: Button.extend({ defaultProps: { radius: 'md' } }),
    ActionIcon: ActionIcon.extend({ defaultProps: { variant: 'subtle', color: 'gray' } }),
    // Sentence-case badges read as labels, not shouting.
    Badge: Badge.extend({ defaultProps: { radius: 'sm', variant: 'light', tt: 'none', fw: 600 } }),
    // Mantine 9 keeps every closed list's options drawn, hidden: a page with a few pickers drew dozens of options nobody
    // had opened (31 for the Activity tab's kinds alone). They are drawn when the list opens.
    Combobox: Combobox.extend({ defaultProps: { keepMounted: false } }),
    Card: Card.extend({ defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } }),
    Paper: Paper.extend({ defaultProps: { radius: 'md' } }),
    Menu: Menu.extend({ defaultProps: { shadow: 'md', radius: 'md' } }),
    Modal: Modal.extend({ defaultProps: { centered: true, radius: 'md', overlayProps: { backgroundOpacity: 0.45 } } }),
    NavLink: NavLink.extend({ defaultProps: { variant: 'light' } }),
    Table: Table.extend({
      defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md', highlightOnHover: true },
      // Column titles stay on one line; the cells below decide the width.
      styles: { th: { whiteSpace: 'nowrap' } },
    }),
    Tooltip: Tooltip.extend({ defaultProps: { withArrow: true, openDelay: 300 } }),
  },
});

/** Surfaces the layout uses beyond Mantine's defaults: a tinted page behind white panels. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--dossier-page-bg': t.colors.gray[0],
    '--dossier-panel-bg': t.white,
    '--dossier-border': t.colors.gray[2],
  },
  dark: {
    '--dossier-page-bg': t.colors.dark[8],
    '--dossier-panel-bg': t.colors.dark[7],
    '--dossier-border': t.colors.dark[5],
  },
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'dossier-color-scheme' });
