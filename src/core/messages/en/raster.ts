// English messages for the raster checks (keys: '<checkId>.<result>'). Written for shop
// customers: what was found, what is needed, and what it means for their print.
export const raster: Record<string, string> = {
  'raster.not_inspected': 'This check could not run because the image could not be read.',

  'raster.effective_dpi.pass': '{dpi} dpi at {width_mm, mm}×{height_mm, mm} {unit} — sharp enough (at least {min_dpi} dpi needed).',
  'raster.effective_dpi.fail':
    '{dpi} dpi at {width_mm, mm}×{height_mm, mm} {unit} — at least {min_dpi} dpi needed; this image would print sharp up to {max_width_mm, mm}×{max_height_mm, mm} {unit}.',
  'raster.effective_dpi.pass_stated': 'The image is set to {dpi} dpi ({width_mm, mm}×{height_mm, mm} {unit}) — sharp enough (at least {min_dpi} dpi needed).',
  'raster.effective_dpi.fail_stated':
    'The image is set to {dpi} dpi ({width_mm, mm}×{height_mm, mm} {unit}) — at least {min_dpi} dpi needed; at {min_dpi} dpi it would print sharp up to {max_width_mm, mm}×{max_height_mm, mm} {unit}.',
  'raster.effective_dpi.skipped':
    "The resolution was not checked: the image does not state one and no print size was chosen. At {min_dpi} dpi it prints sharp up to {max_width_mm, mm}×{max_height_mm, mm} {unit}.",

  'raster.min_dimensions_px.pass': 'The image is {width}×{height} pixels — large enough.',
  'raster.min_dimensions_px.fail': 'The image is {width}×{height} pixels — at least {min_width}×{min_height} pixels needed.',
  'raster.min_dimensions_px.skipped': 'No minimum pixel size is set for this product.',

  'raster.max_pixels.pass': 'The image is {width}×{height} pixels ({megapixels} megapixels).',
  'raster.max_pixels.fail': 'The image is {width}×{height} pixels ({megapixels} megapixels) — more than the {max_megapixels} megapixels we can process.',
  'raster.max_pixels.fail_size': 'The image is {width}×{height} pixels — at most {max_width}×{max_height} pixels can be processed.',

  'raster.color_mode.pass': 'Colour mode: {mode, term}.',
  'raster.color_mode.fail': 'The image is in {mode, term} — this product needs {allowed, termsOr}. The colours will be converted and may shift.',

  'raster.bit_depth.pass': 'Colour depth: {bits} bits per channel.',
  'raster.bit_depth.fail_max': 'The image has {bits} bits per channel — at most {max} are used for print, so it will be reduced.',
  'raster.bit_depth.fail_min': 'The image has only {bits} bits per channel — at least {min} needed for smooth colours.',
  'raster.bit_depth.fail_allowed': 'The image has {bits} bits per channel — this product accepts {allowed}.',

  'raster.transparency.pass': 'No transparent areas.',
  'raster.transparency.pass_allowed': 'The image has transparent areas, which this product allows.',
  'raster.transparency.fail': 'The image has transparent areas. Print has no transparency: they will be printed on a white background.',
  'raster.background_removal.pass': "No flat background found.",
  'raster.background_removal.pass_transparent': "The image has a transparent background.",
  'raster.background_removal.fail': "The image has a flat background ({color}, about {area}% of the picture) that will print. If only the motif should print, remove the background (make it transparent).",
  'raster.background_removal.skipped': "The background is checked on our server after upload.",
  'raster.background_removal.failed': "The background of this image could not be analysed.",

  'raster.icc_required.pass': 'Colour profile embedded: {profile}.',
  'raster.icc_required.pass_unnamed': 'A colour profile is embedded.',
  'raster.icc_required.fail': 'The image has no embedded colour profile, so its colours may print differently from your screen.',
  'raster.icc_required.pass_srgb': 'The file declares sRGB (PNG sRGB chunk) instead of embedding a colour profile; that defines its colours.',
  'raster.icc_required.pass_cicp': 'The file declares its colour space, {space}, with code points (PNG cICP chunk) instead of embedding a colour profile; that defines its colours.',
  'raster.icc_required.pass_nclx': 'The file declares its colour space, {space}, with code points (nclx colour box) instead of embedding a colour profile; that defines its colours.',

  'raster.aspect_ratio.pass': 'The image proportions ({image_ratio}:1) match the print ({target_ratio}:1).',
  'raster.aspect_ratio.fail':
    'The image proportions ({image_ratio}:1) do not match the print ({target_ratio}:1, {deviation_percent}% off) — it will be cropped or get blank edges.',
  'raster.aspect_ratio.skipped': 'No print proportions are set, so the image proportions were not checked.',

  'raster.max_file_size.pass': 'File size {size_mb} MB (up to {max_mb} MB allowed).',
  'raster.max_file_size.fail': 'The file is {size_mb} MB — at most {max_mb} MB allowed.',
};
