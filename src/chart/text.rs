//! Text on raster charts, placed glyph by glyph as the font says.
//!
//! plotters 0.3.7 draws each glyph of a bitmap text with its ink box at the pen
//! position, dropping the glyph's left side bearing. Letters with a negative bearing
//! then move right and the others left: DejaVu's "j" hangs to the left under the "i",
//! so every "ij" showed a gap ("Vermi jdend"). [`TrueText`] wraps a backend and draws
//! text itself: each glyph outlined at its pen position (bearing included, kerning
//! applied), with the same advance widths plotters uses to lay out and anchor text.

use ab_glyph::{Font, FontRef, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    text_anchor::{HPos, VPos},
};
use std::sync::OnceLock;

/// The shipped regular and bold faces (the ones registered with plotters).
fn faces() -> &'static Option<(FontRef<'static>, FontRef<'static>)> {
    static FACES: OnceLock<Option<(FontRef<'static>, FontRef<'static>)>> = OnceLock::new();
    FACES.get_or_init(|| {
        let regular =
            FontRef::try_from_slice(include_bytes!("../../assets/fonts/DejaVuSans.ttf")).ok()?;
        let bold =
            FontRef::try_from_slice(include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf"))
                .ok()?;
        Some((regular, bold))
    })
}

/// The pixels of `text` at `size` in the shipped font, relative to the pen's start on
/// the line (y grows downwards, with plotters' vertical placement): (x, y, coverage).
pub fn glyph_pixels(text: &str, size: f64, bold: bool) -> Vec<(i32, i32, f32)> {
    let Some((regular, heavy)) = faces() else {
        return Vec::new();
    };
    let font = if bold { heavy } else { regular }.as_scaled(size as f32);
    let mut pixels = Vec::new();
    let mut pen = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += font.kern(p, id);
        }
        prev = Some(id);
        let glyph = id.with_scale_and_position(size as f32, point(pen, 0.0));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            // plotters puts the top of a glyph's ink at size/2 + its top relative to
            // the baseline; kept so that text sits where plotters' layout expects it.
            let top = (size as f32 / 2.0 + bounds.min.y) as i32;
            let left = bounds.min.x as i32;
            outline.draw(|x, y, c| pixels.push((left + x as i32, top + y as i32, c)));
        }
        pen += font.h_advance(id);
    }
    pixels
}

/// The width of `text` at `size` in the shipped regular face: the glyphs' advances
/// and kerning, as plotters lays text out (no glyph is drawn).
pub fn advance_width(text: &str, size: f64) -> f64 {
    let Some((regular, _)) = faces() else {
        return 0.0;
    };
    let font = regular.as_scaled(size as f32);
    let mut width = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            width += font.kern(p, id);
        }
        width += font.h_advance(id);
        prev = Some(id);
    }
    width as f64
}

/// A backend whose text glyphs keep their side bearings (see the module docs); every
/// other drawing call goes to the wrapped backend unchanged.
pub struct TrueText<B>(pub B);

impl<B: DrawingBackend> DrawingBackend for TrueText<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.0.estimate_text_size(text, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        // Anchoring as plotters does it, from the same layout box.
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        let bold = matches!(style.style(), FontStyle::Bold);
        for (x, y, coverage) in glyph_pixels(text, style.size(), bold) {
            let (x, y) = transform.transform(x + dx - min_x, y + dy - min_y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                self.0.draw_pixel(
                    (x, y),
                    BackendColor {
                        alpha: color.alpha * coverage as f64,
                        rgb: color.rgb,
                    },
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leftmost inked column of `text` at 100 px.
    fn left_ink(text: &str) -> i32 {
        glyph_pixels(text, 100.0, false)
            .iter()
            .filter(|p| p.2 > 0.2)
            .map(|p| p.0)
            .min()
            .expect("ink")
    }

    #[test]
    fn glyphs_keep_their_side_bearings() {
        let Some((regular, _)) = faces() else {
            panic!("the shipped font does not load");
        };
        let font = regular.as_scaled(100.0);
        let (i, j) = (font.glyph_id('i'), font.glyph_id('j'));
        let (lsb_i, lsb_j) = (font.h_side_bearing(i), font.h_side_bearing(j));
        // DejaVu's "i" stands clear of the pen; its "j" hangs to the left of it.
        assert!(lsb_i > 5.0 && lsb_j < -1.0, "{lsb_i} {lsb_j}");
        assert!((left_ink("i") as f32 - lsb_i).abs() <= 1.5);
        assert!((left_ink("j") as f32 - lsb_j).abs() <= 1.5);
        // In "ij" the j's hook reaches under the i: the two letters leave no gap
        // wider than the font puts between them.
        let pixels = glyph_pixels("ij", 100.0, false);
        let i_right = glyph_pixels("i", 100.0, false)
            .iter()
            .filter(|p| p.2 > 0.2)
            .map(|p| p.0)
            .max()
            .expect("ink");
        let j_left = (font.h_advance(i) + font.kern(i, j) + lsb_j).floor() as i32;
        let inked = |x: i32| pixels.iter().any(|p| p.0 == x && p.2 > 0.2);
        assert!(
            inked(j_left) || inked(j_left + 1),
            "the j starts where the font says"
        );
        assert!(j_left - i_right < 10, "gap {} px", j_left - i_right);
    }
}
