// Vitest setup for component tests on happy-dom: jest-dom matchers and the browser APIs Mantine expects.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { initI18n } from '../app/i18n.ts';

// Components render in English; a key with no text fails the test instead of showing the key.
await initI18n({
  language: 'en',
  onMissingKey: (key) => {
    throw new Error(`No text for the i18n key "${key}" (add it to the feature's i18n/en.json and de.json)`);
  },
});

// Mantine reads media queries (color scheme, breakpoints) and observes element sizes.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: vi.fn(),
      removeListener: vi.fn(),
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
      dispatchEvent: vi.fn(),
    }),
  });
}

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;

// Scrolling a combobox option into view is not implemented by happy-dom.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  window.localStorage.clear();
});
