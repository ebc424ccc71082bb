(function () {
  "use strict";
  var body = document.body;
  // One toggle per kind: a class on <body> switches that kind's highlight off.
  var boxes = document.querySelectorAll("input[data-toggle]");
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].addEventListener("change", function (ev) {
      var box = ev.target;
      body.classList.toggle("off-" + box.getAttribute("data-toggle"), !box.checked);
    });
  }
  function parse(s) {
    var out = [];
    var parts = (s || "").split(" ");
    for (var i = 0; i < parts.length; i++) {
      var ab = parts[i].split(",");
      var a = parseInt(ab[0], 10), b = parseInt(ab[1], 10);
      if (ab.length === 2 && a <= b) out.push([a, b]);
    }
    return out;
  }
  // Per document, the marked source elements with their spans, built on first use.
  var cache = new Map();
  function marks(doc) {
    var m = cache.get(doc);
    if (!m) {
      m = [];
      var els = doc.querySelectorAll(".src [data-src],.src [data-span]");
      for (var i = 0; i < els.length; i++) {
        var sp = parse(els[i].getAttribute("data-src") || els[i].getAttribute("data-span"))[0];
        if (sp) m.push([sp[0], sp[1], els[i]]);
      }
      cache.set(doc, m);
    }
    return m;
  }
  function hits(a, b, s, e) {
    return s === e ? a <= s && s <= b && (a < b || a === s) : a < e && s < b;
  }
  var lit = [];
  function clear() {
    for (var i = 0; i < lit.length; i++) lit[i].classList.remove("hl");
    lit = [];
  }
  function light(el) { el.classList.add("hl"); lit.push(el); }
  // Clean piece -> its source spans.
  function toSource(el) {
    var doc = el.closest(".doc");
    var spans = parse(el.getAttribute("data-spans"));
    clear();
    light(el);
    var m = marks(doc), first = null;
    for (var i = 0; i < m.length; i++) {
      for (var j = 0; j < spans.length; j++) {
        if (hits(m[i][0], m[i][1], spans[j][0], spans[j][1]) &&
            (spans[j][0] === spans[j][1] || m[i][2].classList.contains("kb"))) {
          light(m[i][2]);
          if (!first) first = m[i][2];
          break;
        }
      }
    }
    if (first) first.scrollIntoView({ block: "center" });
  }
  // Kept source span -> the clean piece made from it.
  function toClean(el) {
    var doc = el.closest(".doc");
    var sp = parse(el.getAttribute("data-src"))[0];
    if (!sp) return;
    var pieces = doc.querySelectorAll(".clean [data-spans]");
    for (var i = 0; i < pieces.length; i++) {
      var spans = parse(pieces[i].getAttribute("data-spans"));
      for (var j = 0; j < spans.length; j++) {
        if (spans[j][0] === sp[0] && spans[j][1] === sp[1]) {
          clear();
          light(el);
          light(pieces[i]);
          pieces[i].scrollIntoView({ block: "center" });
          return;
        }
      }
    }
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var c = t.closest(".clean [data-spans]");
    if (c) return toSource(c);
    var k = t.closest(".src .kb");
    if (k) toClean(k);
  });
  // Markers for tests and scripts reading the rendered DOM.
  window.addEventListener("load", function () {
    if (typeof window.__pwned !== "undefined") body.setAttribute("data-pwned", "1");
    body.setAttribute("data-load-ms", String(Math.round(performance.now())));
    body.setAttribute("data-ready", "1");
  });
})();
