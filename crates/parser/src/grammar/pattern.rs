//! Patterns of the `match` statement (PEP 634): every pattern kind of the grammar.

use super::{range_of, PResult, Parser};
use crate::ast::*;
use crate::token::{Keyword as Kw, Op, TokenKind};

fn pattern(kind: PatternKind, range: Range) -> Pattern {
    Pattern { kind, range }
}

impl<'s> Parser<'s> {
    /// `patterns`: an open sequence pattern (`case a, b:`) or a single pattern.
    pub(crate) fn patterns(&mut self) -> PResult<Pattern> {
        let start = self.start_pos();
        let first = self.maybe_star_pattern()?;
        if !self.at_op(Op::Comma) {
            // A star pattern stands only in a sequence: `case *a:` lacks its comma.
            if let PatternKind::MatchStar { .. } = first.kind {
                return Err(self.syntax_error_here());
            }
            return Ok(first);
        }
        let mut patterns = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Colon) || self.at_keyword(Kw::If) {
                break;
            }
            patterns.push(self.maybe_star_pattern()?);
        }
        Ok(pattern(
            PatternKind::MatchSequence { patterns },
            self.range_from(start),
        ))
    }

    fn maybe_star_pattern(&mut self) -> PResult<Pattern> {
        if self.at_op(Op::Star) {
            let start = self.advance().start;
            let (name, _) = self.expect_name()?;
            let name = if name == "_" { None } else { Some(name) };
            return Ok(pattern(
                PatternKind::MatchStar { name },
                self.range_from(start),
            ));
        }
        self.pattern()
    }

    /// `pattern`: an or-pattern, optionally bound with `as NAME`.
    fn pattern(&mut self) -> PResult<Pattern> {
        self.enter()?;
        let result = self.pattern_inner();
        self.leave();
        result
    }

    fn pattern_inner(&mut self) -> PResult<Pattern> {
        let start = self.start_pos();
        let first = self.closed_pattern()?;
        let mut p = if self.at_op(Op::Vbar) {
            let mut patterns = vec![first];
            while self.eat_op(Op::Vbar) {
                patterns.push(self.closed_pattern()?);
            }
            pattern(PatternKind::MatchOr { patterns }, self.range_from(start))
        } else {
            first
        };
        if self.eat_keyword(Kw::As) {
            let tok = self.peek().clone();
            let (name, _) = match self.expect_name() {
                Ok(n) => n,
                Err(_) => return Err(self.error_at_token("invalid pattern target", &tok)),
            };
            if name == "_" {
                return Err(self.error_at_token("cannot use '_' as a target", &tok));
            }
            p = pattern(
                PatternKind::MatchAs {
                    pattern: Some(Box::new(p)),
                    name: Some(name),
                },
                self.range_from(start),
            );
        }
        Ok(p)
    }

    fn closed_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start_pos();
        let tok = self.peek().clone();
        match &tok.kind {
            TokenKind::Keyword(Kw::None) => {
                self.advance();
                Ok(pattern(
                    PatternKind::MatchSingleton {
                        value: Constant::None,
                    },
                    self.range_from(start),
                ))
            }
            TokenKind::Keyword(Kw::True) => {
                self.advance();
                Ok(pattern(
                    PatternKind::MatchSingleton {
                        value: Constant::Bool(true),
                    },
                    self.range_from(start),
                ))
            }
            TokenKind::Keyword(Kw::False) => {
                self.advance();
                Ok(pattern(
                    PatternKind::MatchSingleton {
                        value: Constant::Bool(false),
                    },
                    self.range_from(start),
                ))
            }
            TokenKind::Number | TokenKind::Op(Op::Minus) | TokenKind::String => {
                let value = self.literal_expr()?;
                Ok(pattern(
                    PatternKind::MatchValue {
                        value: Box::new(value),
                    },
                    self.range_from(start),
                ))
            }
            TokenKind::Op(Op::Lpar) => {
                self.advance();
                if self.eat_op(Op::Rpar) {
                    return Ok(pattern(
                        PatternKind::MatchSequence {
                            patterns: Vec::new(),
                        },
                        self.range_from(start),
                    ));
                }
                let first = self.maybe_star_pattern()?;
                if self.at_op(Op::Rpar) {
                    // `(*a)` is neither a group (no star there) nor a sequence (no comma).
                    if let PatternKind::MatchStar { .. } = first.kind {
                        return Err(self.syntax_error_here());
                    }
                    self.advance();
                    return Ok(first);
                }
                let mut patterns = vec![first];
                while self.eat_op(Op::Comma) {
                    if self.at_op(Op::Rpar) {
                        break;
                    }
                    patterns.push(self.maybe_star_pattern()?);
                }
                self.expect_op(Op::Rpar)?;
                Ok(pattern(
                    PatternKind::MatchSequence { patterns },
                    self.range_from(start),
                ))
            }
            TokenKind::Op(Op::Lsqb) => {
                self.advance();
                let mut patterns = Vec::new();
                while !self.at_op(Op::Rsqb) {
                    patterns.push(self.maybe_star_pattern()?);
                    if !self.eat_op(Op::Comma) {
                        break;
                    }
                }
                self.expect_op(Op::Rsqb)?;
                Ok(pattern(
                    PatternKind::MatchSequence { patterns },
                    self.range_from(start),
                ))
            }
            TokenKind::Op(Op::Lbrace) => self.mapping_pattern(),
            TokenKind::Name(_) => self.name_pattern(),
            _ => Err(self.syntax_error_here()),
        }
    }

    /// A literal usable in patterns and mapping keys: signed numbers, complex numbers
    /// (`1 + 2j`), strings.
    fn literal_expr(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let tok = self.peek().clone();
        if let TokenKind::String = tok.kind {
            return self.strings();
        }
        let negative = self.eat_op(Op::Minus);
        let num_tok = self.peek().clone();
        if !matches!(num_tok.kind, TokenKind::Number) {
            return Err(self.syntax_error_here());
        }
        self.advance();
        let value = super::strings::number_value(self.text(&num_tok));
        let mut e = Expr {
            kind: ExprKind::Constant { value, kind: None },
            range: range_of(num_tok.start, num_tok.end),
        };
        if negative {
            e = Expr {
                kind: ExprKind::UnaryOp {
                    op: UnaryOp::USub,
                    operand: Box::new(e),
                },
                range: self.range_from(start),
            };
        }
        let op = match self.peek_kind() {
            TokenKind::Op(Op::Plus) => Operator::Add,
            TokenKind::Op(Op::Minus) => Operator::Sub,
            _ => return Ok(e),
        };
        let left_is_complex = match &e.kind {
            ExprKind::Constant { value, .. } => matches!(value, Constant::Complex { .. }),
            ExprKind::UnaryOp { operand, .. } => matches!(
                operand.kind,
                ExprKind::Constant {
                    value: Constant::Complex { .. },
                    ..
                }
            ),
            _ => false,
        };
        if left_is_complex {
            return Err(self.error_at_expr("real number required in complex literal", &e));
        }
        self.advance();
        let imag_tok = self.peek().clone();
        if !matches!(imag_tok.kind, TokenKind::Number) {
            return Err(self.syntax_error_here());
        }
        self.advance();
        let value = super::strings::number_value(self.text(&imag_tok));
        if !matches!(value, Constant::Complex { .. }) {
            let r = range_of(imag_tok.start, imag_tok.end);
            return Err(self.error_at_range("imaginary number required in complex literal", r));
        }
        let right = Expr {
            kind: ExprKind::Constant { value, kind: None },
            range: range_of(imag_tok.start, imag_tok.end),
        };
        Ok(Expr {
            kind: ExprKind::BinOp {
                left: Box::new(e),
                op,
                right: Box::new(right),
            },
            range: self.range_from(start),
        })
    }

    fn mapping_pattern(&mut self) -> PResult<Pattern> {
        let start = self.advance().start;
        let mut keys = Vec::new();
        let mut patterns = Vec::new();
        let mut rest = None;
        while !self.at_op(Op::Rbrace) {
            if self.eat_op(Op::DoubleStar) {
                let tok = self.peek().clone();
                let name = self.expect_name()?.0;
                if name == "_" {
                    return Err(self.error_at_token("invalid syntax", &tok));
                }
                rest = Some(name);
                self.eat_op(Op::Comma);
                break;
            }
            let key = match self.peek_kind() {
                TokenKind::Keyword(Kw::None)
                | TokenKind::Keyword(Kw::True)
                | TokenKind::Keyword(Kw::False) => {
                    let tok = self.advance();
                    let value = match tok.kind {
                        TokenKind::Keyword(Kw::None) => Constant::None,
                        TokenKind::Keyword(Kw::True) => Constant::Bool(true),
                        _ => Constant::Bool(false),
                    };
                    Expr {
                        kind: ExprKind::Constant { value, kind: None },
                        range: range_of(tok.start, tok.end),
                    }
                }
                TokenKind::Name(_) => self.dotted_value()?,
                _ => self.literal_expr()?,
            };
            self.expect_op(Op::Colon)?;
            keys.push(key);
            patterns.push(self.pattern()?);
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::Rbrace)?;
        Ok(pattern(
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            },
            self.range_from(start),
        ))
    }

    /// `a.b.c` as an expression (value patterns and class names).
    fn dotted_value(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let (id, range) = self.expect_name()?;
        let mut e = Expr {
            kind: ExprKind::Name {
                id,
                ctx: ExprContext::Load,
            },
            range,
        };
        while self.eat_op(Op::Dot) {
            let (attr, _) = self.expect_name()?;
            e = Expr {
                kind: ExprKind::Attribute {
                    value: Box::new(e),
                    attr,
                    ctx: ExprContext::Load,
                },
                range: self.range_from(start),
            };
        }
        Ok(e)
    }

    /// Capture, wildcard, value and class patterns.
    fn name_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start_pos();
        let value = self.dotted_value()?;
        if self.at_op(Op::Lpar) {
            return self.class_pattern(start, value);
        }
        match value.kind {
            ExprKind::Name { id, .. } => {
                let name = if id == "_" { None } else { Some(id) };
                Ok(pattern(
                    PatternKind::MatchAs {
                        pattern: None,
                        name,
                    },
                    value.range,
                ))
            }
            _ => Ok(pattern(
                PatternKind::MatchValue {
                    value: Box::new(value),
                },
                self.range_from(start),
            )),
        }
    }

    fn class_pattern(&mut self, start: crate::token::Pos, cls: Expr) -> PResult<Pattern> {
        self.advance();
        let mut patterns = Vec::new();
        let mut kwd_attrs = Vec::new();
        let mut kwd_patterns = Vec::new();
        while !self.at_op(Op::Rpar) {
            if matches!(self.peek_kind(), TokenKind::Name(_))
                && matches!(self.peek_nth(1).kind, TokenKind::Op(Op::Equal))
            {
                let (name, _) = self.expect_name()?;
                self.advance();
                kwd_attrs.push(name);
                kwd_patterns.push(self.pattern()?);
            } else {
                let p = self.pattern()?;
                if !kwd_attrs.is_empty() {
                    return Err(
                        self.error_at_range("positional patterns follow keyword patterns", p.range)
                    );
                }
                patterns.push(p);
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::Rpar)?;
        Ok(pattern(
            PatternKind::MatchClass {
                cls: Box::new(cls),
                patterns,
                kwd_attrs,
                kwd_patterns,
            },
            self.range_from(start),
        ))
    }
}
