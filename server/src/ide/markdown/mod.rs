//! README.md and other KEP Markdown: the table of contents as mdtoc writes it.

pub mod toc;
