import {
  CalendarClock as LucideCalendarClock,
  CircleCheck as LucideCircleCheck,
  GripVertical as LucideGripVertical,
  OctagonX as LucideOctagonX,
  Plus as LucidePlus,
  Trash as LucideTrash,
  TriangleAlert as LucideTriangleAlert,
  type LucideIcon,
} from 'lucide-react';
import type { JSX } from 'react';

/*
 * The icons a board repeats on every objective and KR (a grip, a bin, a health
 * and a due-date icon), drawn once in a hidden sprite (<IconSprite />, in the
 * app's frame) and shown with <svg><use>: two elements each instead of a full
 * lucide SVG of up to eight, times thousands on a large workspace. They look
 * the same (the sprite holds lucide's own drawing) and are used the same way.
 * Icons shown once or twice a view stay plain lucide-react components.
 */

export interface SpriteIconProps {
  size?: number;
  strokeWidth?: number;
  className?: string;
  'aria-hidden'?: boolean | 'true' | 'false';
}

export type SpriteIcon = (props: SpriteIconProps) => JSX.Element;

/** Each icon with a stroke width the app draws it with: one symbol each. */
const SYMBOLS: { name: string; Icon: LucideIcon; strokeWidth: number }[] = [];

const symbolId = (name: string, strokeWidth: number) => `cairn-icon-${name}-${String(strokeWidth).replace('.', '_')}`;

function spriteIcon(name: string, Icon: LucideIcon, strokeWidths: readonly number[] = [2]): SpriteIcon {
  for (const strokeWidth of strokeWidths) SYMBOLS.push({ name, Icon, strokeWidth });
  return function Sprite({ size = 24, strokeWidth = 2, className, 'aria-hidden': ariaHidden = true }: SpriteIconProps) {
    return (
      <svg className={`lucide lucide-${name}${className ? ` ${className}` : ''}`} width={size} height={size} viewBox="0 0 24 24" aria-hidden={ariaHidden}>
        <use href={`#${symbolId(name, strokeWidths.includes(strokeWidth) ? strokeWidth : strokeWidths[0]!)}`} />
      </svg>
    );
  };
}

export const CalendarClock = spriteIcon('calendar-clock', LucideCalendarClock);
export const CircleCheck = spriteIcon('circle-check', LucideCircleCheck, [2.25]);
export const GripVertical = spriteIcon('grip-vertical', LucideGripVertical);
export const OctagonX = spriteIcon('octagon-x', LucideOctagonX, [2.25]);
export const Plus = spriteIcon('plus', LucidePlus);
export const Trash = spriteIcon('trash', LucideTrash);
export const TriangleAlert = spriteIcon('triangle-alert', LucideTriangleAlert, [2.25]);

/** The sprite every SpriteIcon draws from: rendered once, hidden, in the app's frame. */
export function IconSprite() {
  return (
    <svg className="icon-sprite" aria-hidden="true" focusable="false" width="0" height="0" style={{ position: 'absolute', width: 0, height: 0, overflow: 'hidden' }}>
      {SYMBOLS.map(({ name, Icon, strokeWidth }) => (
        <symbol key={symbolId(name, strokeWidth)} id={symbolId(name, strokeWidth)} viewBox="0 0 24 24">
          <Icon size={24} strokeWidth={strokeWidth} />
        </symbol>
      ))}
    </svg>
  );
}
