// English messages for the pdf checks (keys: '<checkId>.<result>'). Written for shop customers:
// what was found, what is needed, and what it means for their print. Sizes are in mm.
export const pdf: Record<string, string> = {
  'pdf.not_inspected': 'This check could not run because the PDF could not be read.',
  'pdf.content_encrypted': 'This PDF is protected, so its contents could not be checked.',

  // Geometry
  'geom.boxes_unknown': 'The trim and bleed boxes of this file could not be read, so bleed was not checked.',
  'geom.page_count.pass': '{count, plural, one {# page} other {# pages}}.',
  'geom.page_count.fail_min': 'The file has {count, plural, one {# page} other {# pages}}; this product needs at least {min}.',
  'geom.page_count.fail_max': 'The file has {count, plural, one {# page} other {# pages}}; this product takes at most {max}.',
  'geom.page_count.fail_allowed': 'The file has {count, plural, one {# page} other {# pages}}; this product takes {allowed} pages.',

  'geom.page_size.pass': 'Page size {size, size} — matches {needed, sizes}.',
  'geom.page_size.fail': 'Page {page} is {size, size}; this product needs {needed, sizes} (±{tolerance, mm} {unit}).',
  'geom.page_size.fail_pages': 'Pages {pages} are {size, size}; this product needs {needed, sizes} (±{tolerance, mm} {unit}).',
  'geom.page_size.fail_raster': 'The image prints at {size, size} at its own resolution; this product needs {needed, sizes} (±{tolerance, mm} {unit}).',
  'geom.page_size.fail_raster_ratio': "The image is {width}×{height} pixels (proportions {ratio}:1); no resolution makes it {needed, sizes} (±{tolerance, mm} {unit}), so it would be cropped or get blank edges.",
  'geom.page_size.pass_raster_ratio': "The image states no resolution; its proportions fit {size, size}, where it prints at {dpi} dpi.",
  'geom.page_size.no_target': 'No page size is set for this product, so the size was not checked.',

  'geom.orientation.pass': 'Orientation: {orientation, term}.',
  'geom.orientation.fail': '{count, plural, one {Page {pages} is} other {Pages {pages} are}} {orientation, term}; this product needs {allowed, termsOr}.',
  'geom.orientation.fail_raster': 'The image is {orientation, term}; this product needs {allowed, termsOr}.',
  'geom.orientation.no_target': 'No orientation is set for this product.',

  'geom.bleed.required.pass': 'Bleed of at least {required, mm} {unit} on every page.',
  'geom.bleed.required.none_needed': 'This product needs no bleed.',
  'geom.bleed.required.fail':
    '{count, plural, one {Page {pages} has} other {Pages {pages} have}} only {bleed, mm} {unit} of bleed; {required, mm} {unit} is needed beyond the trim edge, or a thin white line may show after cutting.',
  'geom.bleed.required.fail_no_trim':
    '{count, plural, one {Page {pages} has} other {Pages {pages} have}} no bleed: the artwork stops at the page edge. Extend backgrounds {required, mm} {unit} beyond the trim on every side.',

  'geom.trim_box_required.pass': 'Every page says where it will be cut (trim box).',
  'geom.trim_box_required.fail':
    '{count, plural, one {Page {pages} does not say where it} other {Pages {pages} do not say where they}} will be cut (no trim box); the page edge will be used.',

  'geom.safety_margin.pass': 'No text or images found within {min, mm} {unit} of the cut.',
  'geom.safety_margin.pass_partly': 'No text or images found within {min, mm} {unit} of the cut (pages {pages} could not be checked).',
  'geom.safety_margin.fail': 'Page {page} has text or images within {min, mm} {unit} of the cut; they may be trimmed off.',
  'geom.safety_margin.unknown': 'The safety margin could not be measured for this file.',

  'geom.rotation.pass': 'No page is rotated.',
  'geom.rotation.fail': '{count, plural, one {Page {pages} is} other {Pages {pages} are}} rotated by {degrees}°; it will be printed upright as shown.',

  'geom.consistent_page_sizes.pass': 'All pages are the same size.',
  'geom.consistent_page_sizes.fail': '{count, plural, one {Page {pages} is} other {Pages {pages} are}} {size, size}, while the other pages are {main, size}.',

  'geom.spread_vs_single.pass_single': 'The pages are single pages.',
  'geom.spread_vs_single.pass_spreads': 'The pages are spreads.',
  'geom.spread_vs_single.fail_spreads':
    '{count, plural, one {Page {pages} looks} other {Pages {pages} look}} like a spread (two pages side by side); please supply single pages.',
  'geom.spread_vs_single.fail_singles': '{count, plural, one {Page {pages} is a single page} other {Pages {pages} are single pages}}; this product needs spreads.',
  'geom.spread_vs_single.unknown': 'Could not tell whether the pages are spreads or single pages.',

  // Fonts
  'text.fonts_embedded.pass': 'All fonts are embedded.',
  'text.fonts_embedded.no_fonts': 'The file uses no fonts.',
  'text.fonts_embedded.pass_some_pages': 'No missing fonts were found on the pages that could be checked.',
  'text.fonts_embedded.fail':
    '{count, plural, one {The font {fonts} is} other {The fonts {fonts} are}} not embedded (pages {pages}); the text may print in a different font. Embed the fonts or convert the text to outlines.',
  'text.font_types.pass': 'All fonts are of an accepted type ({allowed}).',
  'text.font_types.fail': 'The fonts {fonts} are of type {types}; this product accepts {allowed}.',
  'text.font_types.no_target': 'No font types are set for this product.',
  'text.subset.pass': 'Embedded fonts are subsets.',
  'text.subset.fail': '{count, plural, one {The font {fonts} is} other {The fonts {fonts} are}} embedded in full; it will be subset.',

  // Images
  'image.unknown': 'The images in this file could not be checked.',
  'image.min_resolution_dpi.pass': 'All images are sharp enough (lowest {lowest} ppi, at least {min} needed).',
  'image.min_resolution_dpi.no_images': 'The file has no photos to check.',
  'image.min_resolution_dpi.fail': 'An image on page {page} is {ppi} ppi at the size it is placed; at least {min} is needed for sharp print.',
  'image.min_resolution_dpi.fail_many': '{count} images on page {page} are below {min} ppi at the size they are placed (lowest {ppi} ppi); they may print blurry.',
  'image.max_resolution_dpi.pass': 'No image is over {max} ppi.',
  'image.max_resolution_dpi.fail': 'An image on page {page} is {ppi} ppi — more than the {max} ppi print needs; it will be reduced.',
  'image.max_resolution_dpi.fail_many': '{count} images on page {page} are over {max} ppi (up to {ppi} ppi); they will be reduced.',
  'image.bit_depth.pass': 'All images have at most {max} bits per channel.',
  'image.bit_depth.fail': 'Page {page} has {count, plural, one {an image} other {# images}} with {bits} bits per channel; at most {max} are accepted.',

  // Colour
  'color.unknown': 'The colours in this file could not be checked.',
  'color.mode.pass': 'Colours used: {modes, terms}.',
  'color.mode.pass_none': 'The file uses no colours besides the default black.',
  'color.mode.fail': 'The file uses {mode, term} colour (pages {pages}); this product needs {allowed, termsOr}. The colours will be converted and may shift.',
  'color.mode.no_target': 'No colour mode is set for this product.',
  'color.spot_colors.pass': 'Spot colours: {names}.',
  'color.spot_colors.pass_none': 'No spot colours.',
  'color.spot_colors.fail_none_allowed': 'The file uses spot {count, plural, one {colour} other {colours}} {names}; this product prints in process colours only, so they will be converted.',
  'color.spot_colors.fail_count': 'The file uses {count} spot colours ({names}); at most {max} are accepted.',
  'color.spot_colors.fail_not_allowed': 'The spot {count, plural, one {colour} other {colours}} {names} cannot be printed; accepted: {allowed}.',
  'color.output_intent.pass': 'Output intent: {actual}.',
  'color.output_intent.not_required': 'No output intent is required.',
  'color.output_intent.fail_missing': 'The file does not say which printing condition its colours are made for (no output intent).',
  'color.output_intent.fail_identifier': 'The file is made for {actual}; this product expects {needed}.',
  'color.max_ink_coverage.skipped': 'Total ink coverage (at most {percent}%) is checked when the file is prepared for print, not here.',

  // Structure
  'struct.transparency.pass': 'No transparency.',
  'struct.transparency.fail': '{count, plural, one {Page {pages} uses} other {Pages {pages} use}} transparency; it will be flattened for print, which can change how it looks.',
  'struct.transparency.unknown': 'Transparency could not be checked for this file.',
  'struct.layers.pass': 'No layers.',
  'struct.layers.fail': 'The file has {count, plural, one {# layer} other {# layers}}; hidden layers will not print, visible ones will be merged.',
  'struct.annotations.pass': 'No comments or markup.',
  'struct.annotations.fail': 'Page {page} has {count, plural, one {a comment or markup} other {# comments or markups}} ({kinds}); remove them — they may print.',
  'struct.javascript.pass': 'No JavaScript.',
  'struct.javascript.fail': 'The file contains JavaScript, which is not allowed in print files.',
  'struct.attachments.pass': 'No attached files.',
  'struct.attachments.fail': 'The file has {count, plural, one {an attached file} other {# attached files}}; attachments are not accepted.',
  'struct.acroform.pass': 'No form fields.',
  'struct.acroform.fail': 'The file has {count, plural, one {a form field} other {# form fields}}; they will be flattened as shown.',
  'struct.xfa.pass': 'No XFA form.',
  'struct.xfa.fail': 'The file is an XFA form, whose content may not print as shown.',
  'struct.signatures.pass': 'No digital signatures.',
  'struct.signatures.fail': 'The file is digitally signed; preparing it for print will remove the signature.',
  'struct.encryption_allowed.pass': 'The file is not protected.',
  'struct.encryption_allowed.pass_allowed': 'The file is protected, which this product allows.',
  'struct.encryption_allowed.fail': 'The file is protected (encrypted). Please upload an unprotected version.',
  'struct.permissions.pass': 'Printing is allowed.',
  'struct.permissions.fail': 'The file does not allow printing. Please upload a version without restrictions.',
  'struct.pdf_version.pass': 'PDF version {version}.',
  'struct.pdf_version.fail': 'The file is PDF {version}; this product accepts PDF {min} to {max}.',
  'struct.pdf_version.unknown': 'The PDF version could not be read.',
  'struct.pdfx.pass': 'The file is {actual}.',
  'struct.pdfx.fail': 'The file is {actual}; this product expects PDF/{required, termsOr}.',
  'struct.pdfx.fail_missing': 'The file is not a PDF/X file; this product expects PDF/{required, termsOr}.',
  'struct.pdfx.unknown': 'Could not tell whether the file is PDF/X.',
  'struct.integrity.pass': 'The file structure is sound.',
  'struct.integrity.fail': 'The file has {count, plural, one {a structural problem} other {# structural problems}} and will be repaired ({details}).',
};
