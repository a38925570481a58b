/** A titled card of the main area with a one-line caption saying how to read it. */
import { useId, type ReactNode } from 'react';

export interface PanelProps {
  title: string;
  caption: string;
  /** Extra content at the right of the title row (a summary, a badge). */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function Panel({ title, caption, aside, className, children }: PanelProps) {
  // The title is translated, so the heading's id comes from React rather than from its words.
  const id = `panel-${useId()}`;
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id}>
      <header className="panel-head">
        <div className="panel-titles">
          <h2 id={id}>{title}</h2>
          <p className="panel-caption">{caption}</p>
        </div>
        {aside !== undefined && <div className="panel-aside">{aside}</div>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
