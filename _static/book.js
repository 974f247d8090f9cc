/* The book's own scripts (Jupyter Book adds this file to every page). */
"use strict";

/* 1. A link inside a folded solution's title ("Solution to Exercise 4"): sphinx-togglebutton
      listens for clicks on the whole title and, when the click lands on the link, looks for a
      button it never found ("button is not defined"). The link only navigates. */
document.addEventListener(
  "click",
  (event) => {
    if (event.target instanceof Element && event.target.closest(".admonition-title a")) {
      event.stopPropagation();
    }
  },
  true,
);

/* 2. Search excerpts: Sphinx shows each hit's page text, where the math is still its TeX
      source (\(dA^{[L]}\)). The excerpt shows it as plain text instead (dA^[L]). */
const TEX_SYMBOLS = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", eta: "η",
  theta: "θ", lambda: "λ", mu: "μ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ", phi: "φ",
  varphi: "φ", chi: "χ", psi: "ψ", omega: "ω", Delta: "Δ", Sigma: "Σ", Theta: "Θ",
  partial: "∂", nabla: "∇", sum: "Σ", prod: "Π", cdot: "·", cdots: "⋯", ldots: "…",
  dots: "…", times: "×", le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠",
  approx: "≈", to: "→", rightarrow: "→", leftarrow: "←", mapsto: "↦", in: "∈", infty: "∞",
  top: "ᵀ", odot: "⊙", circ: "∘", sqrt: "√", lVert: "‖", rVert: "‖", Vert: "‖",
  lvert: "|", rvert: "|", mid: "|", pm: "±", quad: " ", qquad: " ", bar: "", hat: "",
  left: "", right: "", big: "", Big: "", bigl: "", bigr: "", displaystyle: "",
};

function plainTex(tex) {
  return tex
    .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "($1)/($2)")
    .replace(/\\(?:text|mathrm|mathbf|mathit|mathcal|operatorname|boldsymbol)\s*\{([^{}]*)\}/g, "$1")
    .replace(/\\[,;:! ]/g, " ")
    .replace(/\\\\/g, " ")
    .replace(/\\([A-Za-z]+)/g, (_, name) => (name in TEX_SYMBOLS ? TEX_SYMBOLS[name] : name))
    .replace(/[{}&]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function plainMath(text) {
  return text
    .replace(/\\\(([\s\S]*?)\\\)/g, (_, tex) => plainTex(tex))
    .replace(/\\\[([\s\S]*?)\\\]/g, (_, tex) => plainTex(tex))
    .replace(/\$\$([\s\S]*?)\$\$/g, (_, tex) => plainTex(tex))
    .replace(/\\begin\{(\w+\*?)\}([\s\S]*?)\\end\{\1\}/g, (_, env, tex) => plainTex(tex));
}

function patchSearchExcerpts() {
  if (typeof Search === "undefined" || Search.__plainMath) return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => plainMath(htmlToText(htmlString, anchor));
  Search.__plainMath = true;
}
patchSearchExcerpts();
document.addEventListener("DOMContentLoaded", patchSearchExcerpts);

/* 3. Notebook figures on a narrow screen keep at least 75 % of their size, so their labels stay
      readable; the figure scrolls sideways inside its cell (see custom.css). */
const NARROW = window.matchMedia("(max-width: 767px)");

function keepFiguresReadable() {
  for (const img of document.querySelectorAll(".cell_output figure img")) {
    const apply = () => {
      img.style.minWidth = NARROW.matches && img.naturalWidth ? `${Math.round(0.75 * img.naturalWidth)}px` : "";
    };
    const done = () => {
      apply();
      focusableScrollers();
    };
    if (img.complete) done();
    else img.addEventListener("load", done, { once: true });
  }
}
document.addEventListener("DOMContentLoaded", keepFiguresReadable);
NARROW.addEventListener("change", keepFiguresReadable);

/* 4. What scrolls (a code cell, a figure on a narrow screen, a wide display equation) can be
      scrolled from the keyboard: it takes focus while it overflows (axe:
      scrollable-region-focusable). Each one is looked at again whenever its box changes size,
      once the layout is done. The theme does this for code and outputs 300 ms after a window's
      resize event, but a widened window slides the sidebar in over 0.25 s (a CSS transition):
      on a busy machine the theme looks while the column is still wide, and a code cell that
      scrolls once the sidebar is in was left without its tab stop. */
const SCROLLERS = [
  ".cell_output figure", "div.math", "mjx-container[display='true']",
  // the theme's own (pydata-sphinx-theme, addTabStopsToScrollableElements)
  "pre", ".cell_output > .output", ".pst-scrollable-table-container",
].join(", ");

function focusableScroller(el) {
  // the theme's test (and axe's): any overflow either way
  if (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight) {
    el.tabIndex = 0;
  } else if (el.getAttribute("tabindex") === "0") {
    el.tabIndex = -1;  // as the theme leaves it
  }
}

function focusableScrollers() {
  for (const el of document.querySelectorAll(SCROLLERS)) focusableScroller(el);
}

const scrollerSizes = new ResizeObserver((entries) => {
  for (const entry of entries) focusableScroller(entry.target);
});

function watchScrollers() {
  for (const el of document.querySelectorAll(SCROLLERS)) scrollerSizes.observe(el);
}
window.addEventListener("load", () => {
  watchScrollers();
  if (window.MathJax?.startup?.promise) MathJax.startup.promise.then(watchScrollers);
});
