import { useEffect } from 'react';

/** "Units · iren" — so that tabs, history and screen readers name the page. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · iren` : 'iren';
  }, [title]);
}
