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
import { useLayoutEffect, useRef, type JSX } from 'react';

/*
 * The icons a board repeats on every objective and KR (a grip, a bin, a health
 * and a due-date icon) are each one empty <span>, painted by a CSS mask of the
 * icon in the colour of its text. Lucide draws each icon once, hidden, in the
 * app's frame (<IconSprite />), and those drawings become the masks. An inline
 * <svg> per icon (even one <use> of a shared symbol, which Chromium copies into
 * a shadow tree) costs paint properties of its own (the viewBox's scale) and
 * paths painted again whenever the page around it is: scrolling a board of
 * 200 objectives, with these icons as masks, paint took about a third less
 * and layerize half (the icons hidden altogether: paint half, layerize a
 * quarter). They look the same (lucide's own drawing) and are used the same
 * way. Icons shown once or twice a view stay plain lucide-react components.
 */

export interface SpriteIconProps {
  size?: number;
  strokeWidth?: number;
  className?: string;
  'aria-hidden'?: boolean | 'true' | 'false';
}

export type SpriteIcon = (props: SpriteIconProps) => JSX.Element;

/** Each icon with a stroke width the app draws it with: one mask each. */
const SYMBOLS: { name: string; Icon: LucideIcon; strokeWidth: number }[] = [];

const symbolId = (name: string, strokeWidth: number) => `cairn-icon-${name}-${String(strokeWidth).replace('.', '_')}`;

function spriteIcon(name: string, Icon: LucideIcon, strokeWidths: readonly number[] = [2]): SpriteIcon {
  for (const strokeWidth of strokeWidths) SYMBOLS.push({ name, Icon, strokeWidth });
  return function Sprite({ size = 24, strokeWidth = 2, className, 'aria-hidden': ariaHidden = true }: SpriteIconProps) {
    const symbol = symbolId(name, strokeWidths.includes(strokeWidth) ? strokeWidth : strokeWidths[0]!);
    return <span className={`icon ${symbol} lucide-${name}${className ? ` ${className}` : ''}`} aria-hidden={ariaHidden} style={{ width: size, height: size }} />;
  };
}

export const CalendarClock = spriteIcon('calendar-clock', LucideCalendarClock);
export const CircleCheck = spriteIcon('circle-check', LucideCircleCheck, [2.25]);
export const GripVertical = spriteIcon('grip-vertical', LucideGripVertical);
export const OctagonX = spriteIcon('octagon-x', LucideOctagonX, [2.25]);
export const Plus = spriteIcon('plus', LucidePlus);
export const Trash = spriteIcon('trash', LucideTrash);
export const TriangleAlert = spriteIcon('triangle-alert', LucideTriangleAlert, [2.25]);

/**
 * The drawings every SpriteIcon is masked by: lucide's icons rendered once,
 * hidden, in the app's frame, and each written (before the first paint) as a
 * data URL into a rule for its class.
 */
export function IconSprite() {
  const drawings = useRef<HTMLDivElement>(null);
  const rules = useRef<HTMLStyleElement>(null);
  useLayoutEffect(() => {
    if (!drawings.current || !rules.current) return;
    const serializer = new XMLSerializer();
    rules.current.textContent = [...drawings.current.children]
      .map((svg) => `.${(svg as SVGElement).dataset.symbol} { --icon: url("data:image/svg+xml,${encodeURIComponent(serializer.serializeToString(svg))}"); }`)
      .join('\n');
  }, []);
  return (
    <>
      <div ref={drawings} className="icon-sprite" hidden aria-hidden="true">
        {SYMBOLS.map(({ name, Icon, strokeWidth }) => (
          <Icon key={symbolId(name, strokeWidth)} data-symbol={symbolId(name, strokeWidth)} size={24} strokeWidth={strokeWidth} />
        ))}
      </div>
      <style ref={rules} />
    </>
  );
}
