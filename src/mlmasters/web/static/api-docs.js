// Start Swagger UI on the app's own OpenAPI document (served by /api/docs; no CDN).
// validatorUrl: null keeps Swagger UI from asking an outside validator about the spec.
(function () {
  "use strict";
  window.addEventListener("load", function () {
    var el = document.getElementById("swagger-ui");
    window.ui = SwaggerUIBundle({
      url: el.dataset.spec,
      dom_id: "#swagger-ui",
      validatorUrl: null,
      deepLinking: false,  // true puts a link inside each operation's button (axe: nested-interactive)
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  });
})();
