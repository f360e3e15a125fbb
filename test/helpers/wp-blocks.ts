/**
 * A WordPress 6 post with every core block the importer must show as a block, in the markup the
 * block editor saves. Images are named by their uploads path (`2021/06/…`) under `origin`.
 */
export function everyCoreBlock(origin: string): string {
  const up = (f: string) => `${origin}/wp-content/uploads/2021/06/${f}`;
  return `<!-- wp:paragraph {"dropCap":true} -->
<p class="has-drop-cap">The harbour festival returned this weekend after three years away, with boats, music and a parade.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">Three days on the quay</h2>
<!-- /wp:heading -->

<!-- wp:columns -->
<div class="wp-block-columns is-layout-flex wp-container-core-columns-is-layout-1 wp-block-columns-is-layout-flex"><!-- wp:column -->
<div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow"><!-- wp:paragraph -->
<p>Left column: the organisers counted twelve thousand visitors on Saturday alone.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column -->

<!-- wp:column -->
<div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow"><!-- wp:paragraph -->
<p>Right column: the lifeboat crew opened their station to the public for the first time.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column --></div>
<!-- /wp:columns -->

<!-- wp:gallery {"columns":3,"linkTo":"none"} -->
<figure class="wp-block-gallery has-nested-images columns-3 is-cropped"><!-- wp:image {"id":201} -->
<figure class="wp-block-image size-large"><img src="${up('boat-1-1024x683.jpg')}" alt="A red sailing boat" class="wp-image-201"/></figure>
<!-- /wp:image -->

<!-- wp:image {"id":202} -->
<figure class="wp-block-image size-large"><img src="${up('boat-2.jpg')}" alt="A blue fishing boat" class="wp-image-202"/></figure>
<!-- /wp:image -->

<!-- wp:image {"id":203} -->
<figure class="wp-block-image size-large"><img src="${up('boat-3.jpg')}" alt="Boats moored at dusk" class="wp-image-203"/></figure>
<!-- /wp:image --><figcaption class="blocks-gallery-caption wp-element-caption">Boats of the festival</figcaption></figure>
<!-- /wp:gallery -->

<!-- wp:cover {"url":"${up('boat-3.jpg')}","id":203,"dimRatio":50} -->
<div class="wp-block-cover"><span aria-hidden="true" class="wp-block-cover__background has-background-dim"></span><img class="wp-block-cover__image-background wp-image-203" alt="" src="${up('boat-3.jpg')}" data-object-fit="cover"/><div class="wp-block-cover__inner-container is-layout-flow wp-block-cover-is-layout-flow"><!-- wp:paragraph {"align":"center"} -->
<p class="has-text-align-center">Night parade on the water</p>
<!-- /wp:paragraph --></div></div>
<!-- /wp:cover -->

<!-- wp:media-text {"mediaId":201,"mediaType":"image"} -->
<div class="wp-block-media-text is-stacked-on-mobile"><figure class="wp-block-media-text__media"><img src="${up('boat-1.jpg')}" alt="The red boat up close" class="wp-image-201 size-full"/></figure><div class="wp-block-media-text__content"><!-- wp:paragraph -->
<p>Media and text: the red boat has sailed in every festival since 1962.</p>
<!-- /wp:paragraph --></div></div>
<!-- /wp:media-text -->

<!-- wp:buttons -->
<div class="wp-block-buttons is-layout-flex wp-block-buttons-is-layout-flex"><!-- wp:button -->
<div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="https://festival.example.org/programme">See the programme</a></div>
<!-- /wp:button --></div>
<!-- /wp:buttons -->

<!-- wp:table {"className":"is-style-stripes"} -->
<figure class="wp-block-table is-style-stripes"><table><thead><tr><th>Day</th><th>Visitors</th></tr></thead><tbody><tr><td>Friday</td><td>8,200</td></tr><tr><td>Saturday</td><td>12,000</td></tr></tbody></table><figcaption class="wp-element-caption">Visitors by day</figcaption></figure>
<!-- /wp:table -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>We built the boats, the town built the festival.</p><cite>Ada Quinn, boatbuilder</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:quote -->
<blockquote class="wp-block-quote is-layout-flow wp-block-quote-is-layout-flow"><!-- wp:paragraph -->
<p>A quote block, with its citation below.</p>
<!-- /wp:paragraph --><cite>The harbour master</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->

<!-- wp:spacer -->
<div style="height:100px" aria-hidden="true" class="wp-block-spacer"></div>
<!-- /wp:spacer -->

<!-- wp:group {"layout":{"type":"flex","flexWrap":"nowrap"}} -->
<div class="wp-block-group is-nowrap is-layout-flex wp-block-group-is-layout-flex"><!-- wp:paragraph -->
<p>A row:</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>side by side.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:group -->

<!-- wp:group {"layout":{"type":"flex","orientation":"vertical"}} -->
<div class="wp-block-group is-vertical is-layout-flex wp-block-group-is-layout-flex"><!-- wp:paragraph -->
<p>A stack, one above the other.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:group -->

<!-- wp:details -->
<details class="wp-block-details"><summary>How did the town pay for it?</summary><!-- wp:paragraph {"placeholder":"Type / to add a hidden block"} -->
<p>Ticket sales and a grant from the harbour trust.</p>
<!-- /wp:paragraph --></details>
<!-- /wp:details -->

<!-- wp:paragraph -->
<p>The parade began at nine<sup data-fn="fn-1" class="fn"><a href="#fn-1" id="fn-1-link">1</a></sup>.</p>
<!-- /wp:paragraph -->

<!-- wp:footnotes /-->
<ol class="wp-block-footnotes"><li id="fn-1">Half an hour late, because of the tide. <a href="#fn-1-link">↩︎</a></li></ol>

<!-- wp:file {"id":204} -->
<div class="wp-block-file"><a id="wp-block-file--media-1" href="${up('programme.pdf')}">The printed programme</a><a href="${up('programme.pdf')}" class="wp-block-file__button wp-element-button" download aria-describedby="wp-block-file--media-1">Download</a></div>
<!-- /wp:file -->

<!-- wp:audio {"id":205} -->
<figure class="wp-block-audio"><audio controls src="${up('shanty.mp3')}"></audio><figcaption class="wp-element-caption">A shanty from the quay</figcaption></figure>
<!-- /wp:audio -->

<!-- wp:video {"id":206} -->
<figure class="wp-block-video"><video controls src="${up('parade.mp4')}"></video></figure>
<!-- /wp:video -->

<!-- wp:verse -->
<pre class="wp-block-verse">The tide comes in,
    the boats go out,

and the town sings.</pre>
<!-- /wp:verse -->

<!-- wp:code -->
<pre class="wp-block-code"><code>festival --start 09:00 --route quay</code></pre>
<!-- /wp:code -->`;
}
