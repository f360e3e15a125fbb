// Gazette enhancements. The site works without this file; it only makes commenting smoother.
(() => {
  'use strict';
})();
