// <optzoo-playground>: one script tag puts a live optzoo race on any page.
//   <script src="https://example.org/optzoo/embed.js"></script>
//   <optzoo-playground preset="spiral-race" hide="spec,data" autoplay height="640"></optzoo-playground>
//   <optzoo-playground spec="BASE64URL_OF_THE_SPEC_JSON"></optzoo-playground>
// It frames the playground page that sits beside this script, in embed mode, so
// the host page's styles and scripts cannot interfere with it (and vice versa).
(function () {
  'use strict';
  const script = document.currentScript;
  const base = new URL('.', script ? script.src : location.href);

  const FRAME_STYLE = { width: '100%', border: '1px solid #ccc', 'border-radius': '8px', display: 'block' };

  class OptzooPlayground extends HTMLElement {
    static get observedAttributes() { return ['spec', 'preset', 'hide', 'height', 'theme', 'autoplay']; }

    connectedCallback() { this.render(); }
    attributeChangedCallback() { if (this.isConnected) this.render(); }

    src() {
      const q = new URLSearchParams({ embed: '1' });
      const hide = this.getAttribute('hide');
      if (hide) q.set('hide', hide);
      if (this.hasAttribute('autoplay')) q.set('autoplay', '1');
      if (this.getAttribute('theme')) q.set('theme', this.getAttribute('theme'));
      let hash = '';
      const spec = this.getAttribute('spec');
      if (spec) {
        // Either base64url (as "copy embed code" writes it) or plain JSON. Other text is
        // escaped, so it cannot add fragment keys; the page then says the link is unreadable.
        const text = spec.trim();
        hash = `#spec=${text.startsWith('{') ? btoa(unescape(encodeURIComponent(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : encodeURIComponent(text)}`;
      } else if (this.getAttribute('preset')) {
        hash = `#preset=${encodeURIComponent(this.getAttribute('preset'))}`;
      }
      return new URL(`index.html?${q}${hash}`, base).href;
    }

    render() {
      const src = this.src();
      let frame = this.querySelector('iframe');
      if (frame && frame.src === src) return;
      if (!frame) {
        frame = document.createElement('iframe');
        frame.title = this.getAttribute('title') || 'optzoo optimizer playground';
        frame.setAttribute('loading', 'lazy');
        // Property by property (CSSOM), which a strict CSP allows, unlike a style string.
        for (const [name, value] of Object.entries(FRAME_STYLE)) frame.style.setProperty(name, value);
        this.replaceChildren(frame);
      }
      // Any attribute text becomes a number in a sane range, never CSS text.
      const height = Math.min(Math.max(Number(this.getAttribute('height')) || 640, 200), 4000);
      frame.style.setProperty('height', `${height}px`);
      frame.src = src;
    }
  }

  if (!customElements.get('optzoo-playground')) customElements.define('optzoo-playground', OptzooPlayground);
})();
