//! Expressions: from `star_expressions` down to atoms, with calls, subscripts, slices,
//! comprehensions, lambdas and parameters (shared with `def`).

use super::{range_of, PResult, Parser};
use crate::ast::*;
use crate::token::{Keyword as Kw, Op, Pos, TokenKind};

fn expr(kind: ExprKind, range: Range) -> Expr {
    Expr { kind, range }
}

fn merge(a: Range, b: Range) -> Range {
    Range {
        lineno: a.lineno,
        col_offset: a.col_offset,
        end_lineno: b.end_lineno,
        end_col_offset: b.end_col_offset,
    }
}

/// Whether a token can begin an expression (used for the "forgot a comma" check).
/// Whether an error comes from decoding string literals (escapes, f-string fields,
/// bytes mixing), which CPython raises as soon as it parses the strings.
pub(crate) fn is_string_content_error(err: &crate::SyntaxError) -> bool {
    err.msg.starts_with("f-string")
        || err.msg.starts_with("(unicode error)")
        || err.msg.starts_with("(value error)")
        || err.msg == "cannot mix bytes and nonbytes literals"
}

pub(crate) fn starts_expression(kind: &TokenKind) -> bool {
    match kind {
        TokenKind::Name(_) | TokenKind::Number | TokenKind::String => true,
        TokenKind::Keyword(k) => matches!(
            k,
            Kw::None | Kw::True | Kw::False | Kw::Lambda | Kw::Not | Kw::Await
        ),
        TokenKind::Op(op) => matches!(
            op,
            Op::Lpar | Op::Lsqb | Op::Lbrace | Op::Minus | Op::Plus | Op::Tilde | Op::Ellipsis
        ),
        _ => false,
    }
}

impl<'s> Parser<'s> {
    /// `star_expressions`: one expression, or a tuple of them (with starred items).
    pub(crate) fn star_expressions(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let first = self.star_expression()?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if !self.can_start_star_expression() {
                break;
            }
            elts.push(self.star_expression()?);
        }
        Ok(expr(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.range_from(start),
        ))
    }

    fn can_start_star_expression(&mut self) -> bool {
        let kind = self.peek_kind().clone();
        starts_expression(&kind) || matches!(kind, TokenKind::Op(Op::Star))
    }

    /// `star_expression`: `*bitwise_or` or an expression.
    pub(crate) fn star_expression(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.start_pos();
            self.advance();
            let value = self.bitwise_or()?;
            return Ok(expr(
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Load,
                },
                self.range_from(start),
            ));
        }
        self.expression()
    }

    /// `star_named_expression`: `*bitwise_or` or a named expression (list/set displays).
    pub(crate) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.start_pos();
            self.advance();
            let value = self.bitwise_or()?;
            return Ok(expr(
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Load,
                },
                self.range_from(start),
            ));
        }
        self.named_expression()
    }

    /// `named_expression`: `NAME := expression` or an expression.
    pub(crate) fn named_expression(&mut self) -> PResult<Expr> {
        if matches!(self.peek_kind(), TokenKind::Name(_))
            && matches!(self.peek_nth(1).kind, TokenKind::Op(Op::ColonEqual))
        {
            let start = self.start_pos();
            let (id, range) = self.expect_name()?;
            self.advance();
            let value = self.expression()?;
            let target = expr(
                ExprKind::Name {
                    id,
                    ctx: ExprContext::Store,
                },
                range,
            );
            return Ok(expr(
                ExprKind::NamedExpr {
                    target: Box::new(target),
                    value: Box::new(value),
                },
                self.range_from(start),
            ));
        }
        let e = self.expression()?;
        if self.at_op(Op::ColonEqual) {
            let tok = self.peek().clone();
            let what = super::targets::describe(&e);
            let _ = tok;
            return Err(
                self.error_at_expr(format!("cannot use assignment expressions with {what}"), &e)
            );
        }
        Ok(e)
    }

    /// `expression`: a conditional expression, a lambda, or a disjunction.
    pub(crate) fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let result = self.expression_inner();
        self.leave();
        result
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.at_keyword(Kw::Lambda) {
            return self.lambdef();
        }
        let start = self.start_pos();
        let body = self.disjunction()?;
        if !self.at_keyword(Kw::If) {
            return Ok(body);
        }
        self.advance();
        let test = self.disjunction()?;
        if !self.eat_keyword(Kw::Else) {
            let tok = self.peek().clone();
            if !matches!(
                tok.kind,
                TokenKind::Keyword(Kw::Else) | TokenKind::Op(Op::Colon)
            ) {
                return Err(self.error_between(
                    "expected 'else' after 'if' expression",
                    body.range_start(),
                    tok.start,
                ));
            }
        }
        let orelse = self.expression()?;
        Ok(expr(
            ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
            self.range_from(start),
        ))
    }

    fn lambdef(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        self.advance();
        let args = self.parameters(true)?;
        self.expect_op(Op::Colon)?;
        let body = self.expression()?;
        Ok(expr(
            ExprKind::Lambda {
                args: Box::new(args),
                body: Box::new(body),
            },
            self.range_from(start),
        ))
    }

    fn disjunction(&mut self) -> PResult<Expr> {
        self.bool_op(Kw::Or, BoolOp::Or, Self::conjunction)
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        self.bool_op(Kw::And, BoolOp::And, Self::inversion)
    }

    /// `operand (keyword operand)*` as one BoolOp (or just the operand).
    fn bool_op(
        &mut self,
        keyword: Kw,
        op: BoolOp,
        operand: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let start = self.start_pos();
        let first = operand(self)?;
        if !self.at_keyword(keyword) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_keyword(keyword) {
            values.push(operand(self)?);
        }
        Ok(expr(
            ExprKind::BoolOp { op, values },
            self.range_from(start),
        ))
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if self.at_keyword(Kw::Not) {
            let start = self.start_pos();
            self.advance();
            self.enter()?;
            let operand = self.inversion();
            self.leave();
            let operand = operand?;
            return Ok(expr(
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(operand),
                },
                self.range_from(start),
            ));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let left = self.bitwise_or()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        loop {
            let kind = self.peek_kind().clone();
            let op = match &kind {
                TokenKind::Op(Op::EqEqual) => CmpOp::Eq,
                TokenKind::Op(Op::NotEqual) => CmpOp::NotEq,
                TokenKind::Op(Op::Less) => CmpOp::Lt,
                TokenKind::Op(Op::LessEqual) => CmpOp::LtE,
                TokenKind::Op(Op::Greater) => CmpOp::Gt,
                TokenKind::Op(Op::GreaterEqual) => CmpOp::GtE,
                TokenKind::Keyword(Kw::In) => CmpOp::In,
                TokenKind::Keyword(Kw::Is) => {
                    if matches!(self.peek_nth(1).kind, TokenKind::Keyword(Kw::Not)) {
                        self.advance();
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                TokenKind::Keyword(Kw::Not)
                    if matches!(self.peek_nth(1).kind, TokenKind::Keyword(Kw::In)) =>
                {
                    self.advance();
                    CmpOp::NotIn
                }
                _ => break,
            };
            self.advance();
            ops.push(op);
            comparators.push(self.bitwise_or()?);
        }
        if ops.is_empty() {
            return Ok(left);
        }
        Ok(expr(
            ExprKind::Compare {
                left: Box::new(left),
                ops,
                comparators,
            },
            self.range_from(start),
        ))
    }

    /// `bitwise_or` and the binary operator levels below it, by precedence climbing.
    pub(crate) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.binary(0)
    }

    fn binary(&mut self, level: u8) -> PResult<Expr> {
        if level == 6 {
            return self.factor();
        }
        let start = self.start_pos();
        let mut left = self.binary(level + 1)?;
        loop {
            let op = match (level, self.peek_kind()) {
                (0, TokenKind::Op(Op::Vbar)) => Operator::BitOr,
                (1, TokenKind::Op(Op::Circumflex)) => Operator::BitXor,
                (2, TokenKind::Op(Op::Amper)) => Operator::BitAnd,
                (3, TokenKind::Op(Op::LeftShift)) => Operator::LShift,
                (3, TokenKind::Op(Op::RightShift)) => Operator::RShift,
                (4, TokenKind::Op(Op::Plus)) => Operator::Add,
                (4, TokenKind::Op(Op::Minus)) => Operator::Sub,
                (5, TokenKind::Op(Op::Star)) => Operator::Mult,
                (5, TokenKind::Op(Op::Slash)) => Operator::Div,
                (5, TokenKind::Op(Op::DoubleSlash)) => Operator::FloorDiv,
                (5, TokenKind::Op(Op::Percent)) => Operator::Mod,
                (5, TokenKind::Op(Op::At)) => Operator::MatMult,
                _ => break,
            };
            self.advance();
            let right = self.binary(level + 1)?;
            left = expr(
                ExprKind::BinOp {
                    left: Box::new(left),
                    op,
                    right: Box::new(right),
                },
                self.range_from(start),
            );
        }
        Ok(left)
    }

    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.peek_kind() {
            TokenKind::Op(Op::Plus) => UnaryOp::UAdd,
            TokenKind::Op(Op::Minus) => UnaryOp::USub,
            TokenKind::Op(Op::Tilde) => UnaryOp::Invert,
            _ => return self.power(),
        };
        let start = self.start_pos();
        self.advance();
        self.enter()?;
        let operand = self.factor();
        self.leave();
        let operand = operand?;
        Ok(expr(
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
            self.range_from(start),
        ))
    }

    fn power(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let base = self.await_primary()?;
        if !self.eat_op(Op::DoubleStar) {
            return Ok(base);
        }
        self.enter()?;
        let exp = self.factor();
        self.leave();
        let exp = exp?;
        Ok(expr(
            ExprKind::BinOp {
                left: Box::new(base),
                op: Operator::Pow,
                right: Box::new(exp),
            },
            self.range_from(start),
        ))
    }

    fn await_primary(&mut self) -> PResult<Expr> {
        if self.at_keyword(Kw::Await) {
            let start = self.start_pos();
            self.advance();
            let value = self.primary()?;
            return Ok(expr(
                ExprKind::Await {
                    value: Box::new(value),
                },
                self.range_from(start),
            ));
        }
        self.primary()
    }

    /// `primary`: an atom followed by attribute accesses, calls and subscripts.
    pub(crate) fn primary(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let mut e = self.atom()?;
        loop {
            match self.peek_kind() {
                TokenKind::Op(Op::Dot) => {
                    self.advance();
                    let (attr, _) = self.expect_name()?;
                    e = expr(
                        ExprKind::Attribute {
                            value: Box::new(e),
                            attr,
                            ctx: ExprContext::Load,
                        },
                        self.range_from(start),
                    );
                }
                TokenKind::Op(Op::Lpar) => {
                    let open = self.advance();
                    let (args, keywords) = self.call_arguments(open.start)?;
                    e = expr(
                        ExprKind::Call {
                            func: Box::new(e),
                            args,
                            keywords,
                        },
                        self.range_from(start),
                    );
                }
                TokenKind::Op(Op::Lsqb) => {
                    self.advance();
                    let slice = self.slices()?;
                    self.expect_op(Op::Rsqb)?;
                    e = expr(
                        ExprKind::Subscript {
                            value: Box::new(e),
                            slice: Box::new(slice),
                            ctx: ExprContext::Load,
                        },
                        self.range_from(start),
                    );
                }
                _ => return Ok(e),
            }
        }
    }

    /// `slices`: one slice or expression, or a tuple of them.
    fn slices(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let first = self.slice()?;
        if !self.at_op(Op::Comma) {
            if let ExprKind::Starred { .. } = first.kind {
                // `a[*b]` subscripts with a one-element tuple.
                return Ok(expr(
                    ExprKind::Tuple {
                        elts: vec![first],
                        ctx: ExprContext::Load,
                    },
                    self.range_from(start),
                ));
            }
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Rsqb) {
                break;
            }
            elts.push(self.slice()?);
        }
        Ok(expr(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.range_from(start),
        ))
    }

    fn slice(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        if self.at_op(Op::Star) {
            return self.star_expression();
        }
        let lower = if self.at_op(Op::Colon) {
            None
        } else {
            Some(self.named_expression()?)
        };
        if !self.at_op(Op::Colon) {
            return lower.ok_or_else(|| self.syntax_error_here());
        }
        self.advance();
        let upper = if self.at_op(Op::Colon) || self.at_op(Op::Rsqb) || self.at_op(Op::Comma) {
            None
        } else {
            Some(Box::new(self.expression()?))
        };
        let mut step = None;
        if self.eat_op(Op::Colon) && !(self.at_op(Op::Rsqb) || self.at_op(Op::Comma)) {
            step = Some(Box::new(self.expression()?));
        }
        Ok(expr(
            ExprKind::Slice {
                lower: lower.map(Box::new),
                upper,
                step,
            },
            self.range_from(start),
        ))
    }

    /// The arguments of a call, after its `(`; consumes the `)`.
    pub(crate) fn call_arguments(&mut self, open: Pos) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let mut args: Vec<Expr> = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        let mut seen_kwargs_unpack = false;
        loop {
            if self.eat_op(Op::Rpar) {
                return Ok((args, keywords));
            }
            let start = self.start_pos();
            if matches!(
                self.peek_kind(),
                TokenKind::Keyword(Kw::True | Kw::False | Kw::None)
            ) && matches!(self.peek_nth(1).kind, TokenKind::Op(Op::Equal))
            {
                let tok = self.peek().clone();
                let name = self.text(&tok).to_string();
                return Err(self.error_at_token(format!("cannot assign to {name}"), &tok));
            }
            if self.at_op(Op::DoubleStar) {
                self.advance();
                let value = self.expression()?;
                keywords.push(Keyword {
                    arg: None,
                    value,
                    range: self.range_from(start),
                });
                seen_kwargs_unpack = true;
            } else if self.at_op(Op::Star) {
                if seen_kwargs_unpack {
                    let tok = self.peek().clone();
                    return Err(self.error_at_token(
                        "iterable argument unpacking follows keyword argument unpacking",
                        &tok,
                    ));
                }
                self.advance();
                let value = self.expression()?;
                let e = expr(
                    ExprKind::Starred {
                        value: Box::new(value),
                        ctx: ExprContext::Load,
                    },
                    self.range_from(start),
                );
                if seen_kwargs_unpack {
                    return Err(self.error_at_expr(
                        "iterable argument unpacking follows keyword argument unpacking",
                        &e,
                    ));
                }
                args.push(e);
            } else if matches!(self.peek_kind(), TokenKind::Name(_))
                && matches!(self.peek_nth(1).kind, TokenKind::Op(Op::Equal))
            {
                let (name, _) = self.expect_name()?;
                self.advance();
                let value = self.expression()?;
                keywords.push(Keyword {
                    arg: Some(name),
                    value,
                    range: self.range_from(start),
                });
            } else {
                let e = self.named_expression()?;
                if (self.at_keyword(Kw::For) || self.at_keyword(Kw::Async)) && self.in_class_bases {
                    return Err(self.syntax_error_here());
                }
                if self.at_keyword(Kw::For) || self.at_keyword(Kw::Async) {
                    // A generator expression as the sole argument: it takes the call's parentheses.
                    let generators = self.for_if_clauses()?;
                    if !self.at_op(Op::Rpar) || !args.is_empty() || !keywords.is_empty() {
                        let end = self.peek().start;
                        if !args.is_empty() || !keywords.is_empty() || self.at_op(Op::Comma) {
                            let range = merge(e.range, range_of(end, end));
                            return Err(self.error_at_range(
                                "Generator expression must be parenthesized",
                                Range {
                                    end_lineno: self.prev_end().line,
                                    end_col_offset: self.prev_end().col,
                                    ..range
                                },
                            ));
                        }
                        return Err(self.syntax_error_here());
                    }
                    let close = self.advance();
                    let gen = expr(
                        ExprKind::GeneratorExp {
                            elt: Box::new(e),
                            generators,
                        },
                        range_of(open, close.end),
                    );
                    return Ok((vec![gen], keywords));
                }
                if self.at_op(Op::Equal) {
                    let msg = "expression cannot contain assignment, perhaps you meant \"==\"?";
                    let end = self.peek_nth(1).end;
                    return Err(self.error_between(msg, e.range_start(), end));
                }
                if !keywords.is_empty() {
                    let msg = if seen_kwargs_unpack {
                        "positional argument follows keyword argument unpacking"
                    } else {
                        "positional argument follows keyword argument"
                    };
                    // CPython reports it at the token after the argument.
                    let tok = self.peek().clone();
                    return Err(self.error_at_token(msg, &tok));
                }
                args.push(e);
            }
            if !self.eat_op(Op::Comma) {
                if self.at_op(Op::Rpar) {
                    continue;
                }
                return Err(self.comma_error_or_syntax(
                    args.last()
                        .map(|a| a.range)
                        .or(keywords.last().map(|k| k.range)),
                ));
            }
        }
    }

    /// Inside brackets, an expression directly followed by another one: CPython's
    /// "Perhaps you forgot a comma?".
    pub(crate) fn comma_error_or_syntax(&mut self, previous: Option<Range>) -> crate::SyntaxError {
        let kind = self.peek_kind().clone();
        if let (Some(prev), TokenKind::Op(Op::Equal)) = (previous, &kind) {
            let prev_is_name = self.pos > 0
                && matches!(self.tokens[self.pos - 1].kind, TokenKind::Name(_))
                && self.tokens[self.pos - 1].start.col == prev.col_offset;
            if prev_is_name {
                let mark = self.mark();
                let furthest = self.furthest;
                self.advance();
                if let Ok(value) = self.bitwise_or() {
                    let err = self.error_at_range(
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                        merge(prev, value.range),
                    );
                    self.reset(mark);
                    self.furthest = furthest;
                    return err;
                }
                self.reset(mark);
                self.furthest = furthest;
            }
        }
        if let Some(prev) = previous {
            if starts_expression(&kind) && !self.starts_with_name_string_or_soft_keyword(prev) {
                let mark = self.mark();
                let furthest = self.furthest;
                match self.expression() {
                    Ok(next) => {
                        let err = self.error_at_range(
                            "invalid syntax. Perhaps you forgot a comma?",
                            merge(prev, next.range),
                        );
                        self.reset(mark);
                        self.furthest = furthest;
                        return err;
                    }
                    // CPython decodes the strings it parses on the way, and fails there.
                    Err(err) if is_string_content_error(&err) => return err,
                    Err(_) => {}
                }
                self.reset(mark);
                self.furthest = furthest;
            }
        }
        self.syntax_error_here()
    }

    /// CPython's `!(NAME STRING | SOFT_KEYWORD)` before the expression at `range`: a
    /// name directly followed by a string (a mistyped prefix) or a soft keyword never
    /// gets "Perhaps you forgot a comma?".
    pub(crate) fn starts_with_name_string_or_soft_keyword(&self, range: Range) -> bool {
        let index = self
            .tokens
            .partition_point(|t| (t.start.line, t.start.col) < (range.lineno, range.col_offset));
        let Some(first) = self.tokens.get(index) else {
            return false;
        };
        match &first.kind {
            TokenKind::Name(name) => {
                matches!(&**name, "match" | "case" | "_")
                    || self
                        .tokens
                        .get(index + 1)
                        .is_some_and(|t| t.kind == TokenKind::String)
            }
            _ => false,
        }
    }

    /// `for_if_clauses`: the `for ... in ... if ...` parts of a comprehension.
    pub(crate) fn for_if_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut generators = Vec::new();
        loop {
            let is_async = if self.at_keyword(Kw::Async)
                && matches!(self.peek_nth(1).kind, TokenKind::Keyword(Kw::For))
            {
                self.advance();
                true
            } else {
                false
            };
            if !self.eat_keyword(Kw::For) {
                break;
            }
            let target = self.star_targets_for()?;
            if !self.eat_keyword(Kw::In) {
                return Err(self.syntax_error_here());
            }
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_keyword(Kw::If) {
                ifs.push(self.disjunction()?);
            }
            generators.push(Comprehension {
                target,
                iter,
                ifs,
                is_async,
            });
        }
        Ok(generators)
    }

    /// The target of a `for` in a comprehension or statement (`star_targets`).
    pub(crate) fn star_targets_for(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        let first = self.star_target_expr()?;
        let e = if self.at_op(Op::Comma) {
            let mut elts = vec![first];
            while self.eat_op(Op::Comma) {
                if self.at_keyword(Kw::In) || self.at_op(Op::Equal) {
                    break;
                }
                elts.push(self.star_target_expr()?);
            }
            expr(
                ExprKind::Tuple {
                    elts,
                    ctx: ExprContext::Load,
                },
                self.range_from(start),
            )
        } else {
            first
        };
        self.to_store(e)
    }

    fn star_target_expr(&mut self) -> PResult<Expr> {
        if self.at_op(Op::Star) {
            let start = self.start_pos();
            self.advance();
            let value = self.star_target_expr()?;
            return Ok(expr(
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Load,
                },
                self.range_from(start),
            ));
        }
        self.bitwise_or()
    }

    /// `atom`: names, constants, strings, numbers and bracketed displays.
    fn atom(&mut self) -> PResult<Expr> {
        let tok = self.peek().clone();
        let range = range_of(tok.start, tok.end);
        match &tok.kind {
            TokenKind::Name(name) => {
                self.advance();
                Ok(expr(
                    ExprKind::Name {
                        id: name.to_string(),
                        ctx: ExprContext::Load,
                    },
                    range,
                ))
            }
            TokenKind::Keyword(Kw::True) => {
                self.advance();
                Ok(expr(
                    ExprKind::Constant {
                        value: Constant::Bool(true),
                        kind: None,
                    },
                    range,
                ))
            }
            TokenKind::Keyword(Kw::False) => {
                self.advance();
                Ok(expr(
                    ExprKind::Constant {
                        value: Constant::Bool(false),
                        kind: None,
                    },
                    range,
                ))
            }
            TokenKind::Keyword(Kw::None) => {
                self.advance();
                Ok(expr(
                    ExprKind::Constant {
                        value: Constant::None,
                        kind: None,
                    },
                    range,
                ))
            }
            TokenKind::Op(Op::Ellipsis) => {
                self.advance();
                Ok(expr(
                    ExprKind::Constant {
                        value: Constant::Ellipsis,
                        kind: None,
                    },
                    range,
                ))
            }
            TokenKind::Number => {
                self.advance();
                let text = self.text(&tok);
                let value = crate::grammar::strings::number_value(text);
                Ok(expr(ExprKind::Constant { value, kind: None }, range))
            }
            TokenKind::String => self.strings(),
            TokenKind::Op(Op::Lpar) => self.paren_atom(),
            TokenKind::Op(Op::Lsqb) => self.list_atom(),
            TokenKind::Op(Op::Lbrace) => self.brace_atom(),
            _ => Err(self.syntax_error_here()),
        }
    }

    /// `(...)`: a parenthesised expression, a tuple, a generator expression, or a yield.
    fn paren_atom(&mut self) -> PResult<Expr> {
        let open = self.advance();
        self.enter()?;
        let result = self.paren_atom_inner(open.start);
        self.leave();
        result
    }

    fn paren_atom_inner(&mut self, open: Pos) -> PResult<Expr> {
        if self.at_op(Op::Rpar) {
            let close = self.advance();
            return Ok(expr(
                ExprKind::Tuple {
                    elts: Vec::new(),
                    ctx: ExprContext::Load,
                },
                range_of(open, close.end),
            ));
        }
        if self.at_keyword(Kw::Yield) {
            let e = self.yield_expr()?;
            self.expect_op(Op::Rpar)?;
            return Ok(e);
        }
        if self.at_op(Op::DoubleStar) {
            // CPython's invalid_group: '(' '**' expression ')'.
            let mark = self.mark();
            let star = self.advance();
            if self.expression().is_ok() && self.at_op(Op::Rpar) {
                return Err(self.error_at_token("cannot use double starred expression here", &star));
            }
            self.reset(mark);
        }
        let first = self.star_named_expression()?;
        if self.at_keyword(Kw::For) || self.at_keyword(Kw::Async) {
            let generators = self.for_if_clauses()?;
            self.expect_op(Op::Rpar)?;
            return Ok(expr(
                ExprKind::GeneratorExp {
                    elt: Box::new(first),
                    generators,
                },
                self.range_from(open),
            ));
        }
        if self.eat_op(Op::Rpar) {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self.error_at_expr("cannot use starred expression here", &first));
            }
            return Ok(first);
        }
        if !self.at_op(Op::Comma) {
            return Err(self.comma_error_or_syntax(Some(first.range)));
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) {
            if self.at_op(Op::Rpar) {
                break;
            }
            elts.push(self.star_named_expression()?);
            if !self.at_op(Op::Comma) && !self.at_op(Op::Rpar) {
                return Err(self.comma_error_or_syntax(elts.last().map(|e| e.range)));
            }
        }
        self.expect_op(Op::Rpar)?;
        Ok(expr(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.range_from(open),
        ))
    }

    /// `[...]`: a list display or list comprehension.
    fn list_atom(&mut self) -> PResult<Expr> {
        let open = self.advance().start;
        self.enter()?;
        let result = self.list_atom_inner(open);
        self.leave();
        result
    }

    fn list_atom_inner(&mut self, open: Pos) -> PResult<Expr> {
        if self.eat_op(Op::Rsqb) {
            return Ok(expr(
                ExprKind::List {
                    elts: Vec::new(),
                    ctx: ExprContext::Load,
                },
                self.range_from(open),
            ));
        }
        let first = self.star_named_expression()?;
        if self.at_keyword(Kw::For) || self.at_keyword(Kw::Async) {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self
                    .error_at_expr("iterable unpacking cannot be used in comprehension", &first));
            }
            let generators = self.for_if_clauses()?;
            self.expect_op(Op::Rsqb)?;
            return Ok(expr(
                ExprKind::ListComp {
                    elt: Box::new(first),
                    generators,
                },
                self.range_from(open),
            ));
        }
        let elts = self.display_rest(first, Op::Rsqb)?;
        Ok(expr(
            ExprKind::List {
                elts,
                ctx: ExprContext::Load,
            },
            self.range_from(open),
        ))
    }

    /// The rest of a comma-separated display after its first item; consumes `close`.
    fn display_rest(&mut self, first: Expr, close: Op) -> PResult<Vec<Expr>> {
        let mut elts = vec![first];
        loop {
            if self.eat_op(close) {
                return Ok(elts);
            }
            if elts.len() > 1 && (self.at_keyword(Kw::For) || self.at_keyword(Kw::Async)) {
                let range = merge(elts[0].range, elts[elts.len() - 1].range);
                return Err(self.error_at_range(
                    "did you forget parentheses around the comprehension target?",
                    range,
                ));
            }
            if !self.eat_op(Op::Comma) {
                return Err(self.comma_error_or_syntax(elts.last().map(|e| e.range)));
            }
            if self.eat_op(close) {
                return Ok(elts);
            }
            elts.push(self.star_named_expression()?);
        }
    }

    /// `{...}`: a dict or set display or comprehension.
    fn brace_atom(&mut self) -> PResult<Expr> {
        let open = self.advance().start;
        self.enter()?;
        let result = self.brace_atom_inner(open);
        self.leave();
        result
    }

    fn brace_atom_inner(&mut self, open: Pos) -> PResult<Expr> {
        if self.eat_op(Op::Rbrace) {
            return Ok(expr(
                ExprKind::Dict {
                    keys: Vec::new(),
                    values: Vec::new(),
                },
                self.range_from(open),
            ));
        }
        if self.at_op(Op::DoubleStar) {
            let mark = self.mark();
            let star_start = self.start_pos();
            self.advance();
            if let Ok(value) = self.bitwise_or() {
                if self.at_keyword(Kw::For) || self.at_keyword(Kw::Async) {
                    let range = merge(range_of(star_start, star_start), value.range);
                    return Err(self.error_at_range(
                        "dict unpacking cannot be used in dict comprehension",
                        range,
                    ));
                }
            }
            self.reset(mark);
            return self.dict_rest(open, Vec::new(), Vec::new());
        }
        let first = self.star_named_expression()?;
        if self.eat_op(Op::Colon) {
            if self.at_op(Op::Comma) || self.at_op(Op::Rbrace) {
                let colon = self.tokens[self.pos - 1].clone();
                return Err(
                    self.error_at_token("expression expected after dictionary key and ':'", &colon)
                );
            }
            if self.at_op(Op::Star) {
                let star = self.peek().clone();
                return Err(self.error_at_token(
                    "cannot use a starred expression in a dictionary value",
                    &star,
                ));
            }
            let value = self.expression()?;
            if self.at_keyword(Kw::For) || self.at_keyword(Kw::Async) {
                let generators = self.for_if_clauses()?;
                self.expect_op(Op::Rbrace)?;
                return Ok(expr(
                    ExprKind::DictComp {
                        key: Box::new(first),
                        value: Box::new(value),
                        generators,
                    },
                    self.range_from(open),
                ));
            }
            return self.dict_rest(open, vec![Some(first)], vec![value]);
        }
        if self.at_keyword(Kw::For) || self.at_keyword(Kw::Async) {
            let generators = self.for_if_clauses()?;
            self.expect_op(Op::Rbrace)?;
            return Ok(expr(
                ExprKind::SetComp {
                    elt: Box::new(first),
                    generators,
                },
                self.range_from(open),
            ));
        }
        let elts = self.display_rest(first, Op::Rbrace)?;
        Ok(expr(ExprKind::Set { elts }, self.range_from(open)))
    }

    fn dict_rest(
        &mut self,
        open: Pos,
        mut keys: Vec<Option<Expr>>,
        mut values: Vec<Expr>,
    ) -> PResult<Expr> {
        loop {
            if !keys.is_empty() {
                if self.eat_op(Op::Rbrace) {
                    break;
                }
                if !self.eat_op(Op::Comma) {
                    return Err(self.comma_error_or_syntax(values.last().map(|v| v.range)));
                }
            }
            if self.eat_op(Op::Rbrace) {
                break;
            }
            if self.eat_op(Op::DoubleStar) {
                keys.push(None);
                values.push(self.bitwise_or()?);
                continue;
            }
            let mark = self.mark();
            let key = match self.expression() {
                Ok(key) => key,
                Err(err) if err.kind == crate::SyntaxErrorKind::MemoryError => return Err(err),
                Err(err) => {
                    // CPython's invalid_kvpair: a plain expression (`x` of `x if y`)
                    // with no ':' after it.
                    let after = self.mark();
                    self.reset(mark);
                    if let Ok(key) = self.disjunction() {
                        if !self.at_op(Op::Colon) {
                            return Err(self.missing_dict_colon(&key));
                        }
                    }
                    self.reset(after);
                    return Err(err);
                }
            };
            if !self.eat_op(Op::Colon) {
                return Err(self.missing_dict_colon(&key));
            }
            if self.at_op(Op::Star) {
                let star = self.peek().clone();
                return Err(self.error_at_token(
                    "cannot use a starred expression in a dictionary value",
                    &star,
                ));
            }
            if self.at_op(Op::Comma) || self.at_op(Op::Rbrace) {
                let colon = self.tokens[self.pos - 1].clone();
                return Err(
                    self.error_at_token("expression expected after dictionary key and ':'", &colon)
                );
            }
            keys.push(Some(key));
            values.push(self.expression()?);
        }
        Ok(expr(ExprKind::Dict { keys, values }, self.range_from(open)))
    }

    /// "':' expected after dictionary key", placed as CPython places it: on the key's
    /// last character, with no end.
    fn missing_dict_colon(&self, key: &Expr) -> crate::SyntaxError {
        let end = Pos {
            line: key.range.end_lineno,
            col: key.range.end_col_offset,
            offset: 0,
        };
        let mut e = self.error_between("':' expected after dictionary key", end, end);
        e.offset -= 1;
        e.lineno = key.range.lineno;
        e.end_offset = 0;
        e
    }

    /// `yield`, `yield from x`, `yield a, b`.
    pub(crate) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.start_pos();
        self.advance();
        if self.eat_keyword(Kw::From) {
            let value = self.expression()?;
            return Ok(expr(
                ExprKind::YieldFrom {
                    value: Box::new(value),
                },
                self.range_from(start),
            ));
        }
        let value = if self.can_start_star_expression() {
            Some(Box::new(self.star_expressions()?))
        } else {
            None
        };
        Ok(expr(ExprKind::Yield { value }, self.range_from(start)))
    }

    /// Parameters of a `def` (after `(`, up to but not including `)`) or a `lambda` (up to
    /// the `:`), with CPython's errors for their order.
    pub(crate) fn parameters(&mut self, is_lambda: bool) -> PResult<Arguments> {
        let mut args = Arguments::default();
        let mut positional: Vec<Arg> = Vec::new();
        let mut defaults: Vec<Expr> = Vec::new();
        let mut seen_slash = false;
        let mut seen_star = false;
        let end_op = if is_lambda { Op::Colon } else { Op::Rpar };
        loop {
            if self.at_op(end_op) {
                break;
            }
            let start = self.start_pos();
            if self.at_op(Op::Lpar) {
                let tok = self.peek().clone();
                let msg = if is_lambda {
                    "Lambda expression parameters cannot be parenthesized"
                } else {
                    "Function parameters cannot be parenthesized"
                };
                return Err(self.error_at_token(msg, &tok));
            }
            if self.at_op(Op::Slash) && matches!(self.peek_nth(1).kind, TokenKind::Op(Op::Star)) {
                let star = self.peek_nth(1).clone();
                return Err(self.error_at_token("expected comma between / and *", &star));
            }
            if self.at_op(Op::Slash) {
                let slash = self.advance();
                if seen_slash {
                    return Err(self.error_at_token("/ may appear only once", &slash));
                }
                if seen_star {
                    return Err(self.error_at_token("/ must be ahead of *", &slash));
                }
                if positional.is_empty() {
                    return Err(self.error_at_token("at least one argument must precede /", &slash));
                }
                seen_slash = true;
                args.posonlyargs = std::mem::take(&mut positional);
            } else if self.at_op(Op::DoubleStar) {
                self.advance();
                let arg = self.param(is_lambda, start)?;
                if self.at_op(Op::Equal) {
                    let tok = self.peek().clone();
                    return Err(
                        self.error_at_token("var-keyword argument cannot have default value", &tok)
                    );
                }
                args.kwarg = Some(Box::new(arg));
                self.eat_op(Op::Comma);
                if !self.at_op(end_op) {
                    let tok = self.peek().clone();
                    return Err(
                        self.error_at_token("arguments cannot follow var-keyword argument", &tok)
                    );
                }
                break;
            } else if self.at_op(Op::Star) {
                let star = self.advance();
                if seen_star {
                    return Err(self.error_at_token("* argument may appear only once", &star));
                }
                seen_star = true;
                if self.at_op(Op::Comma) || self.at_op(end_op) {
                    let next_is_end =
                        matches!(self.peek_nth(1).kind, TokenKind::Op(o) if o == end_op);
                    let next_is_kwargs =
                        matches!(self.peek_nth(1).kind, TokenKind::Op(Op::DoubleStar));
                    if self.at_op(end_op) || next_is_end || next_is_kwargs {
                        if is_lambda {
                            if self.at_op(Op::Comma) {
                                self.advance();
                            }
                            let tok = self.peek().clone();
                            return Err(
                                self.error_at_token("named arguments must follow bare *", &tok)
                            );
                        }
                        return Err(
                            self.error_at_token("named arguments must follow bare *", &star)
                        );
                    }
                } else {
                    let arg = self.param(is_lambda, start)?;
                    if self.at_op(Op::Equal) {
                        let tok = self.peek().clone();
                        return Err(self.error_at_token(
                            "var-positional argument cannot have default value",
                            &tok,
                        ));
                    }
                    args.vararg = Some(Box::new(arg));
                }
            } else {
                let arg = self.param(is_lambda, start)?;
                let default = if self.at_op(Op::Equal) {
                    let eq = self.advance();
                    if self.at_op(Op::Comma) || self.at_op(end_op) {
                        return Err(self.error_at_token("expected default value expression", &eq));
                    }
                    Some(self.expression()?)
                } else {
                    None
                };
                if seen_star {
                    args.kwonlyargs.push(arg);
                    args.kw_defaults.push(default);
                } else {
                    match default {
                        Some(d) => defaults.push(d),
                        None if !defaults.is_empty() => {
                            return Err(self.error_at_range(
                                "non-default argument follows default argument",
                                arg.range,
                            ));
                        }
                        None => {}
                    }
                    positional.push(arg);
                }
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        args.args = positional;
        args.defaults = defaults;
        Ok(args)
    }

    fn param(&mut self, is_lambda: bool, _start: Pos) -> PResult<Arg> {
        let start = self.start_pos();
        let is_vararg =
            self.pos > 0 && matches!(self.tokens[self.pos - 1].kind, TokenKind::Op(Op::Star));
        let (name, _) = self.expect_name()?;
        let annotation = if !is_lambda && self.eat_op(Op::Colon) {
            Some(Box::new(if self.at_op(Op::Star) && is_vararg {
                self.star_expression()?
            } else {
                self.expression()?
            }))
        } else {
            None
        };
        Ok(Arg {
            arg: name,
            annotation,
            type_comment: None,
            range: self.range_from(start),
        })
    }
}

impl Expr {
    /// The start position of the node (line and byte column; offset unknown).
    pub(crate) fn range_start(&self) -> Pos {
        Pos {
            line: self.range.lineno,
            col: self.range.col_offset,
            offset: 0,
        }
    }
}
