// Package stability evaluates stability data the way ICH Q1E describes:
// a least-squares line of result on time per batch, analysis of covariance
// at the 0.25 level to decide whether batches may be pooled, the one-sided
// 95 % confidence limit of the mean, and the earliest time that limit meets
// the acceptance criterion — the shelf life the data support.
//
// It knows nothing of files, schemas or documents: it takes points (batch,
// month, value) and returns numbers, so that every figure a stability
// section prints comes from one tested place. Standard library only; the t
// and F distributions are computed here from the regularized incomplete
// beta function.
package stability
