// Dragging with @dnd-kit on the board and in the stage settings: a mouse (after a few pixels, so a click
// stays a click), a finger (after a short press, so the page still scrolls) and the keyboard (Space picks a
// card up, arrows move it, Space drops it, Escape puts it back).
import {
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  closestCenter,
  pointerWithin,
  useSensor,
  useSensors,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';

/** The mouse drags after 6 px, a finger after holding 200 ms; the keyboard with `coordinateGetter`. */
export function useDragSensors(coordinateGetter: KeyboardCoordinateGetter) {
  return useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter }),
  );
}

const directions: Record<string, [number, number]> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowDown: [0, 1],
  ArrowUp: [0, -1],
};

/**
 * Arrow keys jump the card to the nearest drop target in that direction (the next column, or down to the
 * Won / Lost zones) instead of nudging it a few pixels at a time.
 */
export const jumpToNextTarget: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  const direction = directions[event.code];
  const from = context.collisionRect;
  if (!direction || !from) return undefined;
  event.preventDefault();
  const cx = from.left + from.width / 2;
  const cy = from.top + from.height / 2;
  let best: { x: number; y: number; distance: number } | null = null;
  for (const container of context.droppableContainers.getEnabled()) {
    const rect = context.droppableRects.get(container.id);
    if (!rect) continue;
    const tx = rect.left + rect.width / 2;
    const ty = rect.top + Math.min(rect.height / 2, from.height);
    const along = (tx - cx) * direction[0] + (ty - cy) * direction[1];
    if (along <= 1) continue;
    const distance = Math.hypot(tx - cx, ty - cy);
    if (!best || distance < best.distance) best = { x: tx - from.width / 2, y: ty - from.height / 2, distance };
  }
  return best ? { x: best.x, y: best.y } : currentCoordinates;
};

/** Under the pointer when there is one (a drop outside every target is no drop); else the nearest centre. */
export const pointerOrCenter: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : closestCenter(args);
