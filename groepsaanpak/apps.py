"""Static files from the npm packages, without the parts we do not serve.

`@utrecht/design-tokens/dist/` ships `background-image-icon.css`, which refers to icons the
package does not contain; the manifest storage of production (`collectstatic`) refuses a
CSS file with a broken reference. We use only `index.css` of that package, so the icon
sheet and the build sources (SCSS, JS, type declarations) are left out of collectstatic
(Django's documented way: a StaticFilesConfig with more ignore patterns)."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class GroepsaanpakStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "background-image-icon.css",
        "*.scss",
        "*.d.ts",
        "*.cjs",
        "*.flat.json",
    ]
