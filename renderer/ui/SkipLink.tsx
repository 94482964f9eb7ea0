/**
 * The first Tab stop of every view: straight to its <main>, past the header
 * and toolbar. Focus is moved by hand because the hash holds the route.
 */
export function SkipLink() {
  return (
    <a
      href="#main-content"
      className="skip-link"
      onClick={(event) => {
        event.preventDefault();
        const main = document.getElementById('main-content') ?? document.querySelector<HTMLElement>('main');
        if (!main) return;
        main.tabIndex = -1;
        main.focus();
      }}
    >
      Skip to main content
    </a>
  );
}
