pub mod avatar_uploader;
pub mod catalog;
pub mod form;
pub mod icon;
pub mod image_picker;
pub mod layout;
pub mod message_seller;
pub mod status;
