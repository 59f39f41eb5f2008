pub mod account;
pub mod activate;
pub mod home;
pub mod profile;
pub mod sign_in;
pub mod sign_up;
