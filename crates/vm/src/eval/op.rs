//! The opcodes as the bytes the eval loop matches on: every byte has an arm (`UNUSED`
//! and above are no opcode), so the dispatch needs no separate range check.

use pyrs_compiler::bytecode::Opcode;
pub const NOP: u8 = Opcode::Nop as u8;
pub const POP_TOP: u8 = Opcode::PopTop as u8;
pub const PUSH_NULL: u8 = Opcode::PushNull as u8;
pub const COPY: u8 = Opcode::Copy as u8;
pub const SWAP: u8 = Opcode::Swap as u8;
pub const UNARY_POSITIVE: u8 = Opcode::UnaryPositive as u8;
pub const UNARY_NEGATIVE: u8 = Opcode::UnaryNegative as u8;
pub const UNARY_NOT: u8 = Opcode::UnaryNot as u8;
pub const UNARY_INVERT: u8 = Opcode::UnaryInvert as u8;
pub const BINARY_OP: u8 = Opcode::BinaryOp as u8;
pub const BINARY_SUBSCR: u8 = Opcode::BinarySubscr as u8;
pub const STORE_SUBSCR: u8 = Opcode::StoreSubscr as u8;
pub const DELETE_SUBSCR: u8 = Opcode::DeleteSubscr as u8;
pub const BUILD_SLICE: u8 = Opcode::BuildSlice as u8;
pub const COMPARE_OP: u8 = Opcode::CompareOp as u8;
pub const IS_OP: u8 = Opcode::IsOp as u8;
pub const CONTAINS_OP: u8 = Opcode::ContainsOp as u8;
pub const GET_ITER: u8 = Opcode::GetIter as u8;
pub const GET_YIELD_FROM_ITER: u8 = Opcode::GetYieldFromIter as u8;
pub const FOR_ITER: u8 = Opcode::ForIter as u8;
pub const GET_LEN: u8 = Opcode::GetLen as u8;
pub const MATCH_MAPPING: u8 = Opcode::MatchMapping as u8;
pub const MATCH_SEQUENCE: u8 = Opcode::MatchSequence as u8;
pub const MATCH_KEYS: u8 = Opcode::MatchKeys as u8;
pub const MATCH_CLASS: u8 = Opcode::MatchClass as u8;
pub const PUSH_EXC_INFO: u8 = Opcode::PushExcInfo as u8;
pub const POP_EXCEPT: u8 = Opcode::PopExcept as u8;
pub const CHECK_EXC_MATCH: u8 = Opcode::CheckExcMatch as u8;
pub const CHECK_EG_MATCH: u8 = Opcode::CheckEgMatch as u8;
pub const PREP_RERAISE_STAR: u8 = Opcode::PrepReraiseStar as u8;
pub const RERAISE: u8 = Opcode::Reraise as u8;
pub const RAISE_VARARGS: u8 = Opcode::RaiseVarargs as u8;
pub const WITH_EXCEPT_START: u8 = Opcode::WithExceptStart as u8;
pub const BEFORE_WITH: u8 = Opcode::BeforeWith as u8;
pub const BEFORE_ASYNC_WITH: u8 = Opcode::BeforeAsyncWith as u8;
pub const LOAD_ASSERTION_ERROR: u8 = Opcode::LoadAssertionError as u8;
pub const GET_AITER: u8 = Opcode::GetAiter as u8;
pub const GET_ANEXT: u8 = Opcode::GetAnext as u8;
pub const END_ASYNC_FOR: u8 = Opcode::EndAsyncFor as u8;
pub const GET_AWAITABLE: u8 = Opcode::GetAwaitable as u8;
pub const SEND: u8 = Opcode::Send as u8;
pub const YIELD_VALUE: u8 = Opcode::YieldValue as u8;
pub const RETURN_GENERATOR: u8 = Opcode::ReturnGenerator as u8;
pub const ASYNC_GEN_WRAP: u8 = Opcode::AsyncGenWrap as u8;
pub const RETURN_VALUE: u8 = Opcode::ReturnValue as u8;
pub const IMPORT_NAME: u8 = Opcode::ImportName as u8;
pub const IMPORT_FROM: u8 = Opcode::ImportFrom as u8;
pub const IMPORT_STAR: u8 = Opcode::ImportStar as u8;
pub const SETUP_ANNOTATIONS: u8 = Opcode::SetupAnnotations as u8;
pub const LOAD_BUILD_CLASS: u8 = Opcode::LoadBuildClass as u8;
pub const PRINT_EXPR: u8 = Opcode::PrintExpr as u8;
pub const LOAD_CONST: u8 = Opcode::LoadConst as u8;
pub const LOAD_NAME: u8 = Opcode::LoadName as u8;
pub const STORE_NAME: u8 = Opcode::StoreName as u8;
pub const DELETE_NAME: u8 = Opcode::DeleteName as u8;
pub const LOAD_GLOBAL: u8 = Opcode::LoadGlobal as u8;
pub const STORE_GLOBAL: u8 = Opcode::StoreGlobal as u8;
pub const DELETE_GLOBAL: u8 = Opcode::DeleteGlobal as u8;
pub const LOAD_FAST: u8 = Opcode::LoadFast as u8;
pub const STORE_FAST: u8 = Opcode::StoreFast as u8;
pub const DELETE_FAST: u8 = Opcode::DeleteFast as u8;
pub const MAKE_CELL: u8 = Opcode::MakeCell as u8;
pub const LOAD_CLOSURE: u8 = Opcode::LoadClosure as u8;
pub const LOAD_DEREF: u8 = Opcode::LoadDeref as u8;
pub const STORE_DEREF: u8 = Opcode::StoreDeref as u8;
pub const DELETE_DEREF: u8 = Opcode::DeleteDeref as u8;
pub const LOAD_CLASS_DEREF: u8 = Opcode::LoadClassDeref as u8;
pub const COPY_FREE_VARS: u8 = Opcode::CopyFreeVars as u8;
pub const LOAD_ATTR: u8 = Opcode::LoadAttr as u8;
pub const STORE_ATTR: u8 = Opcode::StoreAttr as u8;
pub const DELETE_ATTR: u8 = Opcode::DeleteAttr as u8;
pub const LOAD_METHOD: u8 = Opcode::LoadMethod as u8;
pub const BUILD_TUPLE: u8 = Opcode::BuildTuple as u8;
pub const BUILD_LIST: u8 = Opcode::BuildList as u8;
pub const BUILD_SET: u8 = Opcode::BuildSet as u8;
pub const BUILD_MAP: u8 = Opcode::BuildMap as u8;
pub const BUILD_CONST_KEY_MAP: u8 = Opcode::BuildConstKeyMap as u8;
pub const BUILD_STRING: u8 = Opcode::BuildString as u8;
pub const LIST_APPEND: u8 = Opcode::ListAppend as u8;
pub const SET_ADD: u8 = Opcode::SetAdd as u8;
pub const MAP_ADD: u8 = Opcode::MapAdd as u8;
pub const LIST_EXTEND: u8 = Opcode::ListExtend as u8;
pub const SET_UPDATE: u8 = Opcode::SetUpdate as u8;
pub const DICT_MERGE: u8 = Opcode::DictMerge as u8;
pub const DICT_UPDATE: u8 = Opcode::DictUpdate as u8;
pub const LIST_TO_TUPLE: u8 = Opcode::ListToTuple as u8;
pub const UNPACK_SEQUENCE: u8 = Opcode::UnpackSequence as u8;
pub const UNPACK_EX: u8 = Opcode::UnpackEx as u8;
pub const FORMAT_VALUE: u8 = Opcode::FormatValue as u8;
pub const MAKE_FUNCTION: u8 = Opcode::MakeFunction as u8;
pub const CALL: u8 = Opcode::Call as u8;
pub const KW_NAMES: u8 = Opcode::KwNames as u8;
pub const CALL_FUNCTION_EX: u8 = Opcode::CallFunctionEx as u8;
pub const JUMP: u8 = Opcode::Jump as u8;
pub const JUMP_NO_INTERRUPT: u8 = Opcode::JumpNoInterrupt as u8;
pub const POP_JUMP_IF_FALSE: u8 = Opcode::PopJumpIfFalse as u8;
pub const POP_JUMP_IF_TRUE: u8 = Opcode::PopJumpIfTrue as u8;
pub const POP_JUMP_IF_NONE: u8 = Opcode::PopJumpIfNone as u8;
pub const POP_JUMP_IF_NOT_NONE: u8 = Opcode::PopJumpIfNotNone as u8;
pub const JUMP_IF_FALSE_OR_POP: u8 = Opcode::JumpIfFalseOrPop as u8;
pub const JUMP_IF_TRUE_OR_POP: u8 = Opcode::JumpIfTrueOrPop as u8;
pub const RESUME: u8 = Opcode::Resume as u8;
pub const EXTENDED_ARG: u8 = Opcode::ExtendedArg as u8;
/// The first byte that is no opcode of the compiler's.
pub const UNUSED: u8 = Opcode::LAST as u8 + 1;

// Pairs of instructions the untraced loop runs as one: the first instruction of the pair
// is rewritten to one of these in a code's quickened copy of its instructions (see
// `caches::quicken`); the second stays as it was, for jumps to it and for the paths
// that do not take the fused route. They never appear in a code object.
/// `LoadFast` followed by `LoadAttr`.
pub const LOAD_FAST_LOAD_ATTR: u8 = UNUSED;
/// `LoadFast` followed by `LoadMethod`.
pub const LOAD_FAST_LOAD_METHOD: u8 = UNUSED + 1;
/// `LoadFast` followed by `LoadFast`.
pub const LOAD_FAST_LOAD_FAST: u8 = UNUSED + 2;
/// `StoreFast` followed by `LoadFast`.
pub const STORE_FAST_LOAD_FAST: u8 = UNUSED + 3;
/// `StoreFast` followed by `StoreFast`.
pub const STORE_FAST_STORE_FAST: u8 = UNUSED + 4;
/// The first byte that is no opcode at all (what a quickened copy has where the code
/// object held a byte that is no opcode).
pub const INVALID: u8 = UNUSED + 5;

/// Whether `byte` (of a quickened copy) is a `StoreFast`, fused with what follows or not.
#[inline(always)]
pub fn is_store_fast(byte: u8) -> bool {
    byte == STORE_FAST || byte == STORE_FAST_LOAD_FAST || byte == STORE_FAST_STORE_FAST
}
