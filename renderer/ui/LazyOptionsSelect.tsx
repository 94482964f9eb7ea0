import { useState, type ReactNode, type SelectHTMLAttributes } from 'react';

export type LazyOptionsSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> & {
  /** The options: all of them once `all` is true, else at least the current choice (and any placeholder). */
  options: (all: boolean) => ReactNode;
};

/**
 * A select over a whole workspace's objectives or key results (thousands of
 * options). Each option is created and measured for the select's width, so a
 * select holds only its current choice until it takes focus or a pointer goes
 * down on it (a click or Tab reaches it before it opens or a key moves it);
 * then all the options are there.
 */
export function LazyOptionsSelect({ options, onFocus, onPointerDown, ...props }: LazyOptionsSelectProps) {
  const [all, setAll] = useState(false);
  return (
    <select
      {...props}
      onFocus={(event) => {
        setAll(true);
        onFocus?.(event);
      }}
      onPointerDown={(event) => {
        setAll(true);
        onPointerDown?.(event);
      }}
    >
      {options(all)}
    </select>
  );
}
