// A Mantine menu whose list is built the first time its button is pressed; until then only the button is drawn.
// Screens that show a menu per row or per item (the contact list, a contact's emails, phones and fields) drew dozens of
// closed menus, each with its floating position and focus handling, on every visit.
import { Menu, type MenuProps } from '@mantine/core';
import { cloneElement, useState, type ReactElement, type ReactNode } from 'react';

export function LazyMenu({
  target,
  children,
  ...props
}: Omit<MenuProps, 'opened' | 'onChange' | 'children'> & {
  /** The button; it must accept onClick. */
  target: ReactElement<{ onClick?: () => void; 'aria-haspopup'?: 'menu' }>;
  /** The menu's items. */
  children: ReactNode;
}) {
  const [wanted, setWanted] = useState(false);
  const [opened, setOpened] = useState(false);
  if (!wanted) {
    return cloneElement(target, {
      'aria-haspopup': 'menu',
      onClick: () => {
        setWanted(true);
        setOpened(true);
      },
    });
  }
  return (
    <Menu {...props} opened={opened} onChange={setOpened}>
      <Menu.Target>{target}</Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}
